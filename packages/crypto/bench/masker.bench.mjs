#!/usr/bin/env node
// Masker benchmark: mask + unmask of 1,000 SecretIntegers and of one 1 MiB SecretBlob, 3 and 5 parties,
// 256-bit prime, degree 1 — the workloads the official WASM masker was measured on (share-encoding.md §14).
// Medians of timed runs after warm-up; peak extra memory of the blob case is measured in a fresh process
// (peak RSS minus RSS just before masking). Run with `pnpm bench` in packages/crypto after a build.
import { execFileSync } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { SecretMasker } from "@nillion/crypto";
import { SecretBlob, SecretInteger } from "@nillion/types";

const RUNS = Number(process.env.BENCH_RUNS ?? 31);
const party = (i) => Uint8Array.from({ length: 20 }, (_, j) => (i * 53 + j * 7 + 1) & 0xff);
const maskerFor = (n) =>
  new SecretMasker({
    prime: "SAFE_256_BITS",
    degree: 1,
    parties: Array.from({ length: n }, (_, i) => party(i)),
  });

function integers() {
  const values = {};
  for (let i = 0; i < 1000; i++) values[`v${i}`] = new SecretInteger(BigInt(i * 7919 - 500_000));
  return values;
}

function blob() {
  const bytes = new Uint8Array(1 << 20);
  for (let i = 0; i < bytes.length; i += 65_536) crypto.getRandomValues(bytes.subarray(i, i + 65_536));
  return { blob: new SecretBlob(bytes) };
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measure(n, values) {
  const masker = maskerFor(n);
  for (let i = 0; i < 5; i++) masker.unmask(masker.mask(values)); // warm-up: let the JIT settle
  const mask = [];
  const unmask = [];
  const total = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const shares = masker.mask(values);
    const t1 = performance.now();
    masker.unmask(shares);
    const t2 = performance.now();
    mask.push(t1 - t0);
    unmask.push(t2 - t1);
    total.push(t2 - t0);
  }
  return { mask: median(mask), unmask: median(unmask), total: median(total) };
}

if (process.argv[2] === "--peak-memory") {
  const values = blob();
  const masker = maskerFor(Number(process.argv[3]));
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  masker.unmask(masker.mask(values));
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(String(Math.max(0, peak - before)));
  process.exit(0);
}

const rows = [];
for (const [label, make] of [
  ["1,000 SecretIntegers", integers],
  ["1 MiB SecretBlob", blob],
]) {
  const values = make();
  for (const n of [3, 5]) rows.push({ label, n, ...measure(n, values) });
}
const peaks = [3, 5].map((n) =>
  Number(
    execFileSync(
      process.execPath,
      ["--expose-gc", fileURLToPath(import.meta.url), "--peak-memory", String(n)],
      { encoding: "utf8" },
    ),
  ),
);

console.log(
  `machine: ${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length}, Node ${process.version}, ${RUNS} runs, medians in ms`,
);
console.log("| workload | parties | mask | unmask | mask+unmask |");
console.log("| --- | --- | --- | --- | --- |");
for (const row of rows) {
  console.log(
    `| ${row.label} | ${row.n} | ${row.mask.toFixed(1)} | ${row.unmask.toFixed(1)} | **${row.total.toFixed(1)}** |`,
  );
}
console.log(
  `peak extra memory, 1 MiB blob: ${peaks.map((bytes, i) => `${[3, 5][i]} parties ${(bytes / 2 ** 20).toFixed(1)} MiB`).join(", ")}`,
);
