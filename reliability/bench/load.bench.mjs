#!/usr/bin/env node
// Load benchmark: the load suite (test/load) at full size — 500 store+retrieve pairs started at once from
// 5 clients, in bursts, against a devnet with its nodes in one process and with a process per node, paying
// from prepaid balances and on chain per operation. It runs the suite itself, so every burst is also
// checked (nothing lost, corrupted, failed or retried; books exact), and prints what the suite measured:
// pairs/s (the median burst), p50/p99 of the time from a burst's start to each pair's end, the longest
// stall of the clients' event loop (with the nodes in it too, in one process), the peak
// resident set of the process running the clients (and, with --processes, of the chain) and of each node
// process, the users that joined during the bursts (each a new connection to the chain and to every node,
// opened while the devnet is busiest), and the bursts that ended without a single failure.
// Each devnet mode and payment variant runs in a vitest process of its own, so each peak is its own.
// Knobs: the suite's LOAD_* variables; here LOAD_PAIRS=500, LOAD_CLIENTS=5, LOAD_BURSTS=3 and
// LOAD_PER_OPERATION_PAIRS=500 unless set. Run alone (`pnpm --filter @nillion/reliability bench`) for
// numbers worth comparing: `pnpm bench` runs every package's benchmark at once.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const vitest = path.join(
  path.dirname(createRequire(import.meta.url).resolve("vitest/package.json")),
  "vitest.mjs",
);
const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "load-bench-")), "report.jsonl");
const env = {
  ...process.env,
  LOAD_PAIRS: process.env.LOAD_PAIRS ?? "500",
  LOAD_CLIENTS: process.env.LOAD_CLIENTS ?? "5",
  LOAD_BURSTS: process.env.LOAD_BURSTS ?? "3",
  LOAD_PER_OPERATION_PAIRS: process.env.LOAD_PER_OPERATION_PAIRS ?? "500",
  LOAD_REPORT: report,
};

// One run per devnet mode and payment variant, so that each peak resident set is that run's own.
let status = 0;
for (const mode of (process.env.LOAD_MODES ?? "in-process,processes").split(",")) {
  for (const variant of ["LOAD_PAIRS", "LOAD_PER_OPERATION_PAIRS"]) {
    if (env[variant] === "0") continue;
    const other = variant === "LOAD_PAIRS" ? "LOAD_PER_OPERATION_PAIRS" : "LOAD_PAIRS";
    const run = spawnSync(process.execPath, [vitest, "run", "test/load/store-retrieve.test.ts"], {
      cwd: root,
      env: { ...env, LOAD_MODES: mode, [other]: "0" },
      stdio: "inherit",
    });
    status ||= run.status ?? 1;
  }
}
const lines = fs.existsSync(report) ? fs.readFileSync(report, "utf8").trim().split("\n").filter(Boolean) : [];
fs.rmSync(path.dirname(report), { recursive: true, force: true });

const mib = (bytes) => (bytes == null ? "–" : `${Math.round(bytes / 2 ** 20)} MiB`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  `\nLoad: ${env.LOAD_CLIENTS} clients, ${env.LOAD_BURSTS} bursts; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}\n`,
);
console.log(
  "| nodes | payment | pairs per burst | joiners, all bursts | pairs/s | p50 | p99 | clean bursts | failed pairs | longest loop stall | peak RSS, clients | peak RSS, each node |",
);
console.log(
  "| ----- | ------- | --------------: | ------------------: | ------: | --: | --: | -----------: | -----------: | -----------------: | ----------------: | ------------------- |",
);
for (const line of lines) {
  const r = JSON.parse(line);
  const pairsPerSecond = (r.pairsPerBurst / median(r.burstMs)) * 1000;
  console.log(
    `| ${r.mode} | ${r.variant} | ${r.pairsPerBurst} | ${r.joined} | ${pairsPerSecond.toFixed(1)} | ${(r.p50Ms / 1000).toFixed(1)} s | ${(r.p99Ms / 1000).toFixed(1)} s | ${r.cleanBursts}/${r.bursts} | ${r.failures} | ${(r.maxLoopGapMs / 1000).toFixed(1)} s | ${mib(r.peakRssBytes)} | ${r.nodePeakRssBytes.length === 0 ? "(in the clients' process)" : r.nodePeakRssBytes.map(mib).join(", ")} |`,
  );
}
process.exitCode = status;
