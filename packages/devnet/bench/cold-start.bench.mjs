#!/usr/bin/env node
// Devnet start-up benchmark: how long until 3 nodes and the chain serve. "Cold" runs the built
// `nillion-devnet` command in a fresh Node process each time, from spawn to its ready line (process start,
// module loading, key derivation, binding every port), then stops it with SIGINT. "Warm" calls
// `Devnet.start()` again in this process, as a test harness does for its second devnet. Both use ephemeral
// ports, memory storage and no config files. Run with `pnpm bench` in packages/devnet after a build.
import { spawn } from "node:child_process";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { Devnet } from "@nillion/devnet";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CLI = path.resolve(import.meta.dirname, "../dist/nillion-devnet.js");
const EPHEMERAL = [
  "--port-base",
  "0",
  "--chain-rpc-port",
  "0",
  "--chain-proxy-port",
  "0",
  "--chain-grpc-port",
  "0",
];

async function coldStart(extra) {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...EPHEMERAL, "--no-write-config", ...extra], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  await new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (stdout.includes("nillion-devnet is ready")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`nillion-devnet exited with ${code}`)));
  });
  const elapsed = performance.now() - started;
  child.kill("SIGINT");
  await once(child, "exit");
  return elapsed;
}

async function warmStart() {
  const started = performance.now();
  const devnet = await Devnet.start({ portBase: 0 });
  const elapsed = performance.now() - started;
  await devnet.stop();
  return elapsed;
}

function summary(name, times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `${name.padEnd(34)} median ${at(0.5).toFixed(0).padStart(5)} ms   min ${sorted[0].toFixed(0).padStart(5)} ms   p90 ${at(0.9).toFixed(0).padStart(5)} ms   (${times.length} runs)`;
}

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(`devnet start-up, 3 nodes + chain — ${os.cpus().length} × ${cpu}, Node ${process.version}`);
const results = { cold: [], processes: [], warm: [] };
for (let run = 0; run < RUNS; run++) {
  results.cold.push(await coldStart([]));
  results.processes.push(await coldStart(["--processes"]));
  results.warm.push(await warmStart());
}
console.log(summary("cold: nillion-devnet → ready", results.cold));
console.log(summary("cold: nillion-devnet --processes", results.processes));
console.log(summary("warm: Devnet.start() in-process", results.warm));
