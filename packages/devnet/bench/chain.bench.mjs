#!/usr/bin/env node
// nilchain emulator benchmark: 1,000 sequential MsgPayFor payments from one key. A payer thread (a client
// process would do the same) signs each payment SIGN_MODE_DIRECT, as cosmjs does, and sends it with
// broadcast_tx_sync over HTTP as soon as the previous broadcast returned (sequence n+1 right after n);
// the chain runs in the main thread with its default 100 ms blocks. Reports the median and p95 time from broadcast to inclusion in a
// block, and payments per second from the first broadcast to the last inclusion. Run with `pnpm bench` in
// packages/devnet after a build.
import os from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { create, toBinary } from "@bufbuild/protobuf";
import { PrivateKey } from "@nillion/crypto";
import { DEVNET_KEYS, NilChain } from "@nillion/devnet";
import { MsgPayForSchema } from "@nillion/proto/nillion/meta/v1/tx";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { AuthInfo, SignDoc, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";

const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 1000);
const WARM_UP = 200;
const BLOCK_INTERVAL_MS = Number(process.env.BENCH_BLOCK_INTERVAL_MS ?? 100);
const PRICE = 1_000_000n; // a devnet operation: 1 NIL

// Wall-clock milliseconds, comparable between threads and with block times.
const now = () => performance.timeOrigin + performance.now();

function payment(key, address, accountNumber, sequence) {
  const resource = crypto.getRandomValues(new Uint8Array(32));
  const value = toBinary(
    MsgPayForSchema,
    create(MsgPayForSchema, {
      resource,
      fromAddress: address,
      amount: [{ denom: "unil", amount: String(PRICE) }],
    }),
  );
  const bodyBytes = TxBody.encode(
    TxBody.fromPartial({ messages: [{ typeUrl: "/nillion.meta.v1.MsgPayFor", value }] }),
  ).finish();
  const authInfoBytes = AuthInfo.encode(
    AuthInfo.fromPartial({
      signerInfos: [
        {
          publicKey: {
            typeUrl: "/cosmos.crypto.secp256k1.PubKey",
            value: PubKey.encode({ key: key.publicKey }).finish(),
          },
          modeInfo: { single: { mode: 1 } },
          sequence: BigInt(sequence),
        },
      ],
      fee: { amount: [{ denom: "unil", amount: "0" }], gasLimit: 200_000n },
    }),
  ).finish();
  const signDoc = SignDoc.encode({
    bodyBytes,
    authInfoBytes,
    chainId: "nillion-chain-devnet",
    accountNumber,
  }).finish();
  return TxRaw.encode({ bodyBytes, authInfoBytes, signatures: [key.sign(signDoc)] }).finish();
}

async function broadcast(url, tx) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "broadcast_tx_sync",
      params: { tx: Buffer.from(tx).toString("base64") },
    }),
  });
  const { result, error } = await response.json();
  if (error !== undefined || result.code !== 0)
    throw new Error(`broadcast refused: ${JSON.stringify(error ?? result)}`);
  return result.hash;
}

// The payer: broadcasts one payment after another, each once the previous broadcast has returned, and
// signs the next one while a broadcast is in flight. At the end it reports each hash and when it was sent
// (in one message, so that the chain's thread is not woken for bookkeeping during the run).
async function payer({ url, accountNumber, first, count }) {
  const { privateKey, address } = DEVNET_KEYS[0];
  const key = PrivateKey.fromHex(privateKey);
  const sent = [];
  let next = payment(key, address, accountNumber, first);
  for (let i = 0; i < count; i++) {
    const sentAt = now();
    const broadcasting = broadcast(url, next);
    // Let the request reach the socket before signing the next payment.
    await new Promise(setImmediate);
    if (i + 1 < count) next = payment(key, address, accountNumber, first + i + 1);
    sent.push({ hash: await broadcasting, sentAt });
  }
  parentPort.postMessage(sent);
}

/** Runs the payer thread for `count` payments; resolves with when each was sent and included. */
async function pay(chain, accountNumber, first, count) {
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { url: chain.urls.rpc, accountNumber, first, count },
  });
  try {
    const sent = await new Promise((resolve, reject) => {
      worker.on("error", reject);
      worker.on("message", resolve);
    });
    return await Promise.all(
      sent.map(async ({ hash, sentAt }) => {
        const included = await chain.waitForTx(hash, 60_000);
        if (included.code !== 0) throw new Error(`payment failed: ${included.log}`);
        return { sentAt, includedAt: included.time.getTime() };
      }),
    );
  } finally {
    await worker.terminate();
  }
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

if (!isMainThread) {
  await payer(workerData);
} else {
  const chain = await NilChain.start({
    rpcPort: 0,
    proxyPort: 0,
    grpcPort: 0,
    blockIntervalMs: BLOCK_INTERVAL_MS,
  });
  try {
    const { address } = DEVNET_KEYS[0];
    const { accountNumber } = chain.account(address);
    const before = chain.balance(address);

    await pay(chain, accountNumber, 0, WARM_UP); // JIT, connections, the account's first pubkey write
    const payments = await pay(chain, accountNumber, WARM_UP, PAYMENTS);

    const latencies = payments.map(({ sentAt, includedAt }) => includedAt - sentAt);
    const seconds = (Math.max(...payments.map((p) => p.includedAt)) - payments[0].sentAt) / 1000;
    const paid = before - chain.balance(address);
    if (paid !== BigInt(WARM_UP + PAYMENTS) * PRICE)
      throw new Error(`balances do not add up: ${paid} unil paid`);

    const cpus = os.cpus();
    console.log(
      `machine: ${cpus[0]?.model ?? "unknown CPU"} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
        `${os.platform()} ${os.release()}, Node ${process.version}`,
    );
    console.log(
      `blocks every ${BLOCK_INTERVAL_MS} ms; ${PAYMENTS} sequential payments from one key (+${WARM_UP} warm-up)`,
    );
    console.log(
      `broadcast → inclusion: median ${median(latencies).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms`,
    );
    console.log(`throughput: ${(PAYMENTS / seconds).toFixed(0)} payments/s (${seconds.toFixed(2)} s in all)`);
  } finally {
    await chain.stop();
  }
}
