// The suite opens index.html?bootnode=…&chain=…&key=…&program=…; the outcome lands in `window.outcome`.
import { NilChainPayer } from "@nillion/payments";
import { Network } from "@nillion/vm-client";
import { runExample } from "./example.js";
import { fakeExtension } from "./fake-extension.js";

declare global {
  interface Window {
    outcome?: unknown;
  }
}

const show = (value: unknown) =>
  JSON.stringify(value, (_, v) => (typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? [...v] : v));

async function main() {
  const params = new URLSearchParams(location.search);
  const bootnode = params.get("bootnode") ?? "";
  const chain = params.get("chain") ?? "";
  const wallet = await fakeExtension(params.get("key") ?? "");
  const program = new Uint8Array(await (await fetch(params.get("program") ?? "")).arrayBuffer());

  // A refused signature pays nothing and is a typed error.
  const network = Network.devnet(bootnode, chain);
  const payer = await NilChainPayer.connectWithSigner(network, wallet.getOfflineSigner(network.chainId));
  const before = await payer.balance();
  wallet.refuseNext = true;
  const refusal = await payer.submitPayment(1_000n, new Uint8Array(32)).catch((error: unknown) => error);
  const after = await payer.balance();

  const { retrievedByBob, results } = await runExample(wallet, bootnode, chain, program);
  return {
    refusal: { name: (refusal as Error).name, details: (refusal as { details?: unknown }).details },
    balanceUnchanged: before === after,
    approved: wallet.approved,
    retrievedByBob: Object.fromEntries(
      Object.entries(retrievedByBob).map(([name, value]) => [name, [value.type, show(value.value)]]),
    ),
    results: Object.fromEntries(
      Object.entries(results).map(([name, value]) => [name, [value.type, show(value.value)]]),
    ),
  };
}

main().then(
  (outcome) => {
    window.outcome = { ok: outcome };
    (document.getElementById("status") as HTMLElement).textContent = show(outcome);
  },
  (error: unknown) => {
    window.outcome = { error: String(error instanceof Error ? `${error.name}: ${error.message}` : error) };
  },
);
