#!/usr/bin/env node
// NodeStore micro-benchmark: operations per second of the in-memory store and of the SQLite store under
// both durability settings, one awaited call at a time, as a request handler uses the store. `put` stores a
// value set shaped like a node's (three 64-byte shares and encoded permissions), `get` reads one back,
// `update` rewrites one through updateValues, `claim` marks a fresh receipt id used. Run with
// `node bench/storage.bench.mjs` in packages/devnet after a build; BENCH_OPS sets the count (default 5000).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MemoryStore, SqliteStore } from "@nillion/devnet";

const OPS = Number(process.env.BENCH_OPS ?? 5000);
const expiresAt = new Date(Date.now() + 3650 * 86_400_000);
const share = () => crypto.getRandomValues(new Uint8Array(64));
// Built up front, so the timings are the store's and not the random number generator's.
const records = Array.from({ length: OPS }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  valuesBytes: [share(), share(), share()],
  permissionsBytes: crypto.getRandomValues(new Uint8Array(120)),
  expiresAt,
  prime: 2,
}));
const replacement = [share(), share(), share()];

async function opsPerSecond(operation) {
  const start = performance.now();
  for (let i = 0; i < OPS; i += 1) await operation(i);
  return Math.round(OPS / ((performance.now() - start) / 1000));
}

async function measure(label, store) {
  const results = {
    put: await opsPerSecond((i) => store.createValues(records[i])),
    get: await opsPerSecond((i) => store.getValues(records[i].id)),
    update: await opsPerSecond((i) =>
      store.updateValues(records[i].id, (current) => ({ ...current, valuesBytes: replacement })),
    ),
    claim: await opsPerSecond((i) => store.claim("receipt", `receipt-${i}`, expiresAt)),
  };
  await store.close();
  const cells = Object.entries(results).map(([name, rate]) => `${name} ${rate.toLocaleString("en")}/s`);
  console.log(`${label.padEnd(28)} ${cells.join("  ")}`);
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "node-store-bench-"));
try {
  console.log(`${OPS} sequential operations each; Node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"}`);
  await measure("MemoryStore", new MemoryStore());
  await measure("SqliteStore process-crash", await SqliteStore.open(path.join(scratch, "a")));
  await measure(
    "SqliteStore power-loss",
    await SqliteStore.open(path.join(scratch, "b"), { survives: "power-loss" }),
  );
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
