#!/usr/bin/env node
// What a downstream test pays for one store + retrieve of a secret, the way each kind of test would set up
// its client: the SDK's defaults (every operation paid on chain, polled every 200 ms), a balance topped up
// first, a 20 ms poll, and the harness's `createTestClient` (a funded balance and a 10 ms poll). Reports
// the median and p95 of ROUNDS rounds per setup against one devnet started by the harness. Run with
// `pnpm bench` in packages/devnet-test after a build.
import { PrivateKey } from "@nillion/crypto";
import { createTestClient, startDevnet } from "@nillion/devnet-test";
import { NilChainPayer } from "@nillion/payments";
import { SecretInteger } from "@nillion/types";
import { VmClient } from "@nillion/vm-client";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const FUNDS = 100_000_000n; // 100 NIL: 100 devnet operations

const SETUPS = {
  "SDK defaults (pays on chain, 200 ms poll)": async (network, walletKey) => {
    const payer = await NilChainPayer.connect(network, walletKey);
    const client = await VmClient.create(PrivateKey.generate(), network, payer);
    return { client, payer };
  },
  "addFunds first (200 ms poll)": async (network, walletKey) => {
    const payer = await NilChainPayer.connect(network, walletKey);
    const client = await VmClient.create(PrivateKey.generate(), network, payer);
    await client.addFunds(FUNDS);
    return { client, payer };
  },
  "20 ms poll, pays on chain": async (network, walletKey) => {
    const payer = await NilChainPayer.connect(network, walletKey, { pollIntervalMs: 20 });
    const client = await VmClient.create(PrivateKey.generate(), network, payer);
    return { client, payer };
  },
  "createTestClient (harness default)": async (network, walletKey) => {
    const payer = await NilChainPayer.connect(network, walletKey, { pollIntervalMs: 10 });
    const client = await createTestClient(network, payer);
    return { client, payer };
  },
};

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const devnet = await startDevnet({ envFile: false });
try {
  for (const [name, setUp] of Object.entries(SETUPS)) {
    const { client, payer } = await setUp(devnet.network, devnet.createFundedKey(10n ** 12n).privateKey);
    const times = [];
    try {
      for (let round = 0; round < ROUNDS + 2; round++) {
        const started = performance.now();
        const id = await client.storeValues({ n: new SecretInteger(BigInt(round)) }, { ttlDays: 1 }).invoke();
        const { n } = await client.retrieveValues(id).invoke();
        if (n?.value !== BigInt(round)) throw new Error(`round ${round}: retrieved ${n?.value}`);
        if (round >= 2) times.push(performance.now() - started); // the first two warm the connections
      }
    } finally {
      client.close();
      payer.disconnect();
    }
    times.sort((a, b) => a - b);
    console.log(
      `${name.padEnd(44)} median ${percentile(times, 50).toFixed(0).padStart(5)} ms   p95 ${percentile(times, 95).toFixed(0).padStart(5)} ms`,
    );
  }
} finally {
  await devnet.stop();
}
