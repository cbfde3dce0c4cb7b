// The README's ```ts examples, run as written, in order, as one program on a real devnet: `client` and
// `key` are what the README says they are (a paying VmClient, its DKG key, whose address holds unil), the
// devnet endpoint it names becomes this run's, and each `import { … } from "x"` takes the names from the
// module this test imported for "x" (a module the README imports and this map lacks fails the test).
import { readFileSync } from "node:fs";
import path from "node:path";
import { DirectSecp256k1Wallet } from "@cosmjs/proto-signing";
import * as stargate from "@cosmjs/stargate";
import { startDevnet, type TestDevnet } from "@nillion/devnet-test";
import * as signers from "@nillion/signers";
import { VmClient } from "@nillion/vm-client";
import * as viem from "viem";
import { afterAll, expect, it } from "vitest";
import { chainClient, cosmjsPayer, FEE } from "./cosmjs-payer.js";
import { userKey } from "./user-key.js";

const MODULES: Record<string, unknown> = { "@cosmjs/stargate": stargate, "@nillion/signers": signers, viem };
const README = readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8");

/** The README's ```ts blocks. */
function examples(): string[] {
  return [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
}

/**
 * `source` with its imports turned into reads of `__modules`, the devnet's endpoint swapped in, and each
 * line whose comment states its result (`// true`, `// 0`, `// account.address`) checked; a comment that
 * goes on after the value (`// 0 or 1`) states no single result.
 */
function runnable(source: string, rpcUrl: string): string {
  return source
    .replace(/^import \{([^}]*)\} from "([^"]+)";$/gm, (_, names: string, from: string) => {
      if (!(from in MODULES)) throw new Error(`the README imports ${from}, which this test does not provide`);
      return `const {${names}} = __modules[${JSON.stringify(from)}];`;
    })
    .replace(/^(.+); \/\/ (true|0|account\.address)(?::.*)?$/gm, "__expect($1).toEqual($2);")
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
  const wallet = await DirectSecp256k1Wallet.fromKey(Buffer.from(funded.privateKey, "hex"), "nillion");
  const funding = await chainClient(devnet.chain.rpcUrl, wallet);
  cleanup.push(() => funding.disconnect());
  const client = await VmClient.create(userKey(), devnet.network, await cosmjsPayer(funding, wallet));
  cleanup.push(() => client.close());
  const key = await client.generateThresholdKey({ curve: "ecdsa" }).invoke();
  const { address } = new signers.ThresholdCosmosSigner(client, key);
  expect(
    (await funding.sendTokens(funded.address, address, [{ denom: "unil", amount: "1000" }], FEE)).code,
  ).toBe(0);

  const blocks = examples();
  expect(blocks.length).toBe(2);
  const program = blocks.map((block) => runnable(block, devnet?.chain.rpcUrl ?? "")).join("\n");
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  expect(program.match(/__expect\(/g)).toHaveLength(4);
  await new AsyncFunction("__modules", "__expect", "client", "key", program)(MODULES, expect, client, key);
});
