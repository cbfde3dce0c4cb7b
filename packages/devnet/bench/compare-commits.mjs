#!/usr/bin/env node
// Runs bench/compute.bench.mjs of two checkouts (each built) alternately, one process per workload and
// checkout, so that both see the same machine load, and prints per workload the median over repetitions
// of each process's median invoke → result time and the ratio new/base:
//   node bench/compare-commits.mjs <base checkout> [repetitions]
// from packages/devnet of the new checkout. BENCH_WORKLOADS (names separated by "|") picks workloads;
// other BENCH_* variables pass through to both.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const [baseCheckout, repetitionsArgument = "3"] = process.argv.slice(2);
if (baseCheckout === undefined) {
  console.error("usage: node bench/compare-commits.mjs <base checkout> [repetitions]");
  process.exit(2);
}
const benches = {
  base: path.join(path.resolve(baseCheckout), "packages/devnet/bench/compute.bench.mjs"),
  new: path.join(here, "compute.bench.mjs"),
};
const workloads = (
  process.env.BENCH_WORKLOADS ??
  "100 secret comparisons|100 secret equalities|10 secret divisions|maximum of 32 secrets"
).split("|");
const repetitions = Number(repetitionsArgument);
const median = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function run(checkout, workload) {
  const result = spawnSync(process.execPath, [benches[checkout]], {
    env: { ...process.env, BENCH_ONLY: workload, BENCH_JSON: "1" },
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const line = result.stdout.split("\n").find((text) => text.startsWith("BENCH_JSON "));
  if (line === undefined) throw new Error(`${checkout} ${workload} failed:\n${result.stderr}`);
  const [row] = JSON.parse(line.slice("BENCH_JSON ".length));
  return row;
}

const samples = new Map();
for (let repetition = 0; repetition < repetitions; repetition++) {
  for (const workload of workloads) {
    // Alternate which checkout goes first.
    const order = repetition % 2 === 0 ? ["base", "new"] : ["new", "base"];
    for (const checkout of order) {
      const row = run(checkout, workload);
      const key = `${workload}\u0000${checkout}`;
      samples.set(key, [...(samples.get(key) ?? []), row]);
      console.error(`${checkout} ${workload}: ${row["invoke → result ms"]} ms`);
    }
  }
}
const rows = workloads.map((workload) => {
  const of = (checkout) => samples.get(`${workload}\u0000${checkout}`) ?? [];
  const ms = (checkout) => median(of(checkout).map((row) => Number(row["invoke → result ms"])));
  return {
    workload,
    "base ms": ms("base").toFixed(1),
    "new ms": ms("new").toFixed(1),
    "new / base": (ms("new") / ms("base")).toFixed(3),
    "base rounds": of("base")[0]?.["rounds per node"],
    "new rounds": of("new")[0]?.["rounds per node"],
    "base bytes per node": of("base")[0]?.["bytes sent per node"],
    "new bytes per node": of("new")[0]?.["bytes sent per node"],
  };
});
console.table(rows);
console.log(`COMPARE_JSON ${JSON.stringify(rows)}`);
