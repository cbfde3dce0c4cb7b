#!/usr/bin/env node
// Client CPU and wall time per store, per payment mode, for one or two checkouts against one devnet:
//   node bench/store-cost.bench.mjs [<base checkout>] [repetitions]
// from packages/devnet-test of a built checkout. The devnet (default 100 ms blocks) runs in this process;
// each client run is a child process importing the built packages of its checkout, so its
// process.cpuUsage() is the client's alone, and this process's CPU over the run is the devnet's.
// Checkouts alternate run by run so that both see the same machine load. BENCH_STORES stores per run
// (default 40, after 3 warm-up stores). Prints medians over repetitions and the ratios new/base.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const STORES = Number(process.env.BENCH_STORES ?? 40);
const WARMUP = 3;

if (process.env.BENCH_CHILD) {
  await child(JSON.parse(process.env.BENCH_CHILD));
} else {
  await parent();
}

async function child({ checkout, bootnode, chain, walletKey, mode }) {
  const load = (name) => import(pathToFileURL(path.join(checkout, `packages/${name}/dist/index.js`)).href);
  const [{ PrivateKey }, { NilChainPayer }, { SecretInteger }, { VmClient, Network }] = await Promise.all(
    ["crypto", "payments", "types", "vm-client"].map(load),
  );
  const network = Network.devnet(bootnode, chain);
  const payer = await NilChainPayer.connect(network, walletKey);
  const client = await VmClient.create(PrivateKey.generate(), network, payer, { paymentMode: mode });
  if (mode === "balance") await client.addFunds(BigInt(STORES + WARMUP) * 1_000_000n);
  const store = (i) => client.storeValues({ n: new SecretInteger(BigInt(i)) }, { ttlDays: 1 }).invoke();
  for (let i = 0; i < WARMUP; i++) await store(i);
  const times = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < STORES; i++) {
    const started = performance.now();
    await store(i);
    times.push(performance.now() - started);
  }
  const { user, system } = process.cpuUsage(cpu);
  client.close();
  payer.disconnect();
  console.log(
    `BENCH_JSON ${JSON.stringify({ cpuMs: (user + system) / 1000 / STORES, wallMs: median(times) })}`,
  );
}

async function parent() {
  const [baseArgument, repetitionsArgument = "5"] = process.argv.slice(2);
  const checkouts = { new: path.resolve(here, "../../..") };
  if (baseArgument) checkouts.base = path.resolve(baseArgument);
  const { Devnet } = await import(
    pathToFileURL(path.join(checkouts.new, "packages/devnet/dist/index.js")).href
  );
  const devnet = await Devnet.start({ portBase: 0 });
  const samples = new Map();
  try {
    for (let repetition = 0; repetition < Number(repetitionsArgument); repetition++) {
      for (const mode of ["balance", "per-operation"]) {
        const names = Object.keys(checkouts);
        if (repetition % 2 === 1) names.reverse();
        for (const name of names) {
          const devnetCpu = process.cpuUsage();
          const row = await run({
            checkout: checkouts[name],
            bootnode: devnet.bootnodeUrl,
            chain: devnet.chain.urls.proxy,
            walletKey: devnet.chain.createFundedKey(10n ** 12n).privateKey,
            mode,
          });
          const { user, system } = process.cpuUsage(devnetCpu);
          row.devnetCpuMs = (user + system) / 1000 / (STORES + WARMUP);
          const key = `${mode} ${name}`;
          samples.set(key, [...(samples.get(key) ?? []), row]);
          console.error(`${key}: ${JSON.stringify(row)}`);
        }
      }
    }
  } finally {
    await devnet.stop();
  }
  console.log(
    `${os.cpus()[0]?.model} ×${os.cpus().length}, node ${process.version}, ${STORES} stores per run`,
  );
  for (const mode of ["balance", "per-operation"]) {
    for (const metric of ["wallMs", "cpuMs", "devnetCpuMs"]) {
      const of = (name) => median((samples.get(`${mode} ${name}`) ?? []).map((row) => row[metric]));
      const line = Object.keys(checkouts).map((name) => `${name} ${of(name).toFixed(2)}`);
      if (checkouts.base) line.push(`new/base ${(of("new") / of("base")).toFixed(2)}`);
      console.log(`${mode.padEnd(14)} ${metric.padEnd(12)} ${line.join("   ")}`);
    }
  }
}

function run(settings) {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(import.meta.url);
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, BENCH_CHILD: JSON.stringify(settings) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((text) => text.startsWith("BENCH_JSON "));
      if (code !== 0 || line === undefined)
        reject(new Error(`client of ${settings.checkout} exited ${code}`));
      else resolve(JSON.parse(line.slice("BENCH_JSON ".length)));
    });
  });
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
