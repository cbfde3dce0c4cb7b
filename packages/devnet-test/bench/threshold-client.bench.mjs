#!/usr/bin/env node
// Threshold signatures through VmClient, as an application calls them: generateThresholdKey, signDigest
// and signMessage against a devnet of three nodes in this process (T = 1, 256-bit prime), each on its own
// port, gRPC over HTTP/2 on loopback, paying from a prepaid balance (balance mode). Per call:
//   - paid → result: `paid.invoke()` on an operation already quoted and paid — InvokeCompute on every
//     node, the wait for every node's results and, for ECDSA, combining the signature shares;
//   - whole call: `operation.invoke()` — the quote and its payment from the balance too;
//   - the rounds each node ran (peer messages it received, by round).
// Medians of timed runs after warm-up runs. Run with `pnpm --filter @nillion/devnet-test bench` after
// `pnpm build`; BENCH_RUNS sets the number of timed runs.
import { generateKeyPairSync, sign } from "node:crypto";
import os from "node:os";
import { computeExtension, Devnet } from "@nillion/devnet";
import { NilChainPayer } from "@nillion/payments";
import { Network, VmClient } from "@nillion/vm-client";
import { sha256 } from "@noble/hashes/sha2.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const WARM_UP = 5;

const median = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** An Ed25519 user key held by node:crypto: this package's layer does not reach @nillion/crypto. */
function userKey() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    keyType: "ed25519",
    publicKey: new Uint8Array(Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url")),
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

/** Peer messages as the nodes receive them, for the rounds of the last run. */
let traffic = [];
const devnet = await Devnet.start({
  portBase: 0,
  chain: { blockIntervalMs: 10 },
  // Signing and key generation take no preprocessing: no pools filling in the background.
  extensions: [computeExtension({ pools: {}, onPeerMessage: (message) => traffic.push(message) })],
});
const network = Network.devnet(devnet.bootnodeUrl, devnet.chain.urls.proxy);
const payer = await NilChainPayer.connect(network, devnet.fundedKeys[0].privateKey, { pollIntervalMs: 10 });
const client = await VmClient.create(userKey(), network, payer, { paymentMode: "balance" });

const digest = sha256(new TextEncoder().encode("a message to sign"));
const message = new Uint8Array(64).fill(9);

const WORKLOADS = [
  {
    name: "generateThresholdKey({ curve: 'ecdsa' })",
    operation: () => client.generateThresholdKey({ curve: "ecdsa" }),
  },
  {
    name: "generateThresholdKey({ curve: 'eddsa' })",
    operation: () => client.generateThresholdKey({ curve: "eddsa" }),
  },
  {
    name: "signDigest (32-byte digest)",
    prepare: () => client.generateThresholdKey({ curve: "ecdsa" }).invoke(),
    operation: ({ keyId }) => client.signDigest({ keyId, digest }),
  },
  {
    name: "signMessage (64-byte message)",
    prepare: () => client.generateThresholdKey({ curve: "eddsa" }).invoke(),
    operation: ({ keyId }) => client.signMessage({ keyId, message }),
  },
];

async function measure({ name, prepare, operation }) {
  const key = prepare ? await prepare() : undefined;
  const paidToResult = [];
  const whole = [];
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const paid = await (await operation(key).quote()).pay();
    traffic = [];
    const t0 = performance.now();
    await paid.invoke();
    const t1 = performance.now();
    const rounds = new Set(traffic.filter((m) => m.to === 0).map((m) => m.round)).size;
    const t2 = performance.now();
    await operation(key).invoke();
    const t3 = performance.now();
    if (run >= WARM_UP) {
      paidToResult.push(t1 - t0);
      whole.push(t3 - t2);
    }
    if (run === WARM_UP + RUNS - 1) {
      return {
        call: name,
        "paid → result ms": median(paidToResult).toFixed(1),
        "whole call ms": median(whole).toFixed(1),
        "rounds per node": rounds,
      };
    }
  }
  throw new Error("no runs");
}

try {
  await client.addFunds(1_000_000_000n);
  console.log(
    `@nillion/devnet-test VmClient threshold-signature benchmark — ${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, Node ${process.version}`,
  );
  console.log(
    `3 nodes (one process, gRPC over HTTP/2 on loopback), T = 1, SAFE_256_BITS, balance mode; medians of ${RUNS} runs after ${WARM_UP} warm-up runs\n`,
  );
  const rows = [];
  for (const workload of WORKLOADS) rows.push(await measure(workload));
  console.table(rows);
} finally {
  client.close();
  payer.disconnect();
  await devnet.stop();
}
