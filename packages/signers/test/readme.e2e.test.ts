// The README's ```ts examples, run as written, in order, as one program on a real devnet: `client`,
// `network`, `key` and `carolKey` are what the README says they are (a paying VmClient, its network, its
// DKG key, whose address holds a few NIL, another user's key), the devnet endpoint it names becomes this
// run's, and each `import { … } from "x"` takes the names from the module this test imported for "x" (a
// module the README imports and this map lacks fails the test; two blocks may import the same name).
import { readFileSync } from "node:fs";
import path from "node:path";
import { DirectSecp256k1Wallet } from "@cosmjs/proto-signing";
import * as stargate from "@cosmjs/stargate";
import { startDevnet, type TestDevnet } from "@nillion/devnet-test";
import * as payments from "@nillion/payments";
import * as signers from "@nillion/signers";
import * as types from "@nillion/types";
import * as vmClient from "@nillion/vm-client";
import * as viem from "viem";
import { afterAll, expect, it } from "vitest";
import { userKey } from "./user-key.js";

const MODULES: Record<string, unknown> = {
  "@cosmjs/stargate": stargate,
  "@nillion/payments": payments,
  "@nillion/signers": signers,
  "@nillion/types": types,
  "@nillion/vm-client": vmClient,
  viem,
};
/** What the README's chain example's address is given, in unil: enough for the store it pays for. */
const FUNDS = 5_000_000n;
const README = readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8");

/** The README's ```ts blocks. */
function examples(): string[] {
  return [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
}

/**
 * `source` with its imports turned into reads of `__modules`, the devnet's endpoint swapped in, and each
 * line whose comment states its result (`// true`, `// 0`, `// account.address`, `// 1_000_000n`) checked;
 * a comment that goes on after the value (`// 0 or 1`) states no single result.
 */
function runnable(source: string, rpcUrl: string): string {
  return source
    .replace(/^import \{([^}]*)\} from "([^"]+)";$/gm, (_, names: string, from: string) => {
      if (!(from in MODULES)) throw new Error(`the README imports ${from}, which this test does not provide`);
      return `var {${names}} = __modules[${JSON.stringify(from)}];`;
    })
    .replace(/^(.+); \/\/ (true|0|account\.address|1_000_000n)(?::.*)?$/gm, "__expect($1).toEqual($2);")
    .replaceAll('"http://127.0.0.1:48102"', JSON.stringify(rpcUrl));
}

let devnet: TestDevnet | undefined;
const cleanup: (() => void)[] = [];
afterAll(async () => {
  for (const close of cleanup) close();
  await devnet?.stop();
});

it("the README's viem and cosmjs examples run as written against a devnet", async () => {
  devnet = await startDevnet({ envFile: false });
  const funded = devnet.fundedKeys[0];
  if (funded === undefined) throw new Error("the devnet has no funded key");
  const payer = await payments.NilChainPayer.connect(devnet.network, funded.privateKey);
  const client = await vmClient.VmClient.create(userKey(), devnet.network, payer);
  cleanup.push(() => client.close());
  const key = await client.generateThresholdKey({ curve: "ecdsa" }).invoke();
  const { address } = new signers.ThresholdCosmosSigner(client, key);
  // A plain cosmjs wallet funds the threshold key's address: the README's chain examples spend from it.
  const wallet = await DirectSecp256k1Wallet.fromKey(Buffer.from(funded.privateKey, "hex"), "nillion");
  const funding = await stargate.SigningStargateClient.connectWithSigner(devnet.chain.rpcUrl, wallet);
  cleanup.push(() => funding.disconnect());
  const fee = { amount: [{ denom: "unil", amount: "0" }], gas: "200000" };
  const coins = [{ denom: "unil", amount: String(FUNDS) }];
  expect((await funding.sendTokens(funded.address, address, coins, fee)).code).toBe(0);

  const blocks = examples();
  expect(blocks.length).toBe(4);
  const program = blocks.map((block) => runnable(block, devnet?.chain.rpcUrl ?? "")).join("\n");
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  expect(program.match(/__expect\(/g)).toHaveLength(6);
  await new AsyncFunction("__modules", "__expect", "client", "network", "key", "carolKey", program)(
    MODULES,
    expect,
    client,
    devnet.network,
    key,
    userKey(),
  );
  // The store was paid from the threshold key's address, not by the client's payer.
  expect(BigInt((await funding.getBalance(address, "unil")).amount)).toBe(FUNDS - 1_000_000n);
});
