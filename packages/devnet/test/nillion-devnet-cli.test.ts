// The built `nillion-devnet` command as users run it: start-up lines and config files, signals, node
// processes, and a data directory that survives `kill -9`.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { SecretMasker } from "@nillion/crypto";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import { Integer } from "@nillion/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClusterClient } from "./cluster-client.js";
import { Code, failure } from "./cluster-helpers.js";

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

interface Running {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  /** The URL printed for node `index`. */
  readonly node: (index: number) => string;
  readonly chainRpc: string;
}

const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
});

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "nillion-devnet-cli-"));
}

/** Starts the command and resolves once it printed its ready line. */
async function start(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, XDG_CONFIG_HOME: tempDir(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
      if (stdout.includes("nillion-devnet is ready")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before ready: ${stderr}`)));
  });
  const node = (index: number) => {
    const match = new RegExp(`node ${index} at (http://\\S+)`).exec(stdout);
    if (!match?.[1]) throw new Error(`no URL for node ${index} in:\n${stdout}`);
    return match[1];
  };
  const chainRpc = /\(direct: (http:\/\/\S+)\)/.exec(stdout)?.[1] ?? "";
  return { child, stdout: () => stdout, node, chainRpc };
}

async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, "exit")) as [number | null];
  return code;
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Process ids of the node processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("nillion-devnet", () => {
  it("prints the endpoints and the reference markers, writes both config files, and stops cleanly on SIGINT", async () => {
    const config = tempDir();
    const devnet = await start(EPHEMERAL, { XDG_CONFIG_HOME: config });
    const yamlPath = path.join(config, "nillion", "networks", "devnet.yaml");
    const envPath = path.join(config, "nillion", "nillion-devnet.env");
    expect(devnet.stdout()).toContain(`network configuration written to ${yamlPath}`);
    expect(devnet.stdout()).toContain(`environment file written to ${envPath}`);
    expect(fs.readFileSync(yamlPath, "utf8")).toContain(`bootnode: ${devnet.node(0)}`);
    const env = fs.readFileSync(envPath, "utf8");
    expect(env).toContain(`NILLION_GRPC_ENDPOINT=${devnet.node(0)}`);
    expect(env).toContain("NILLION_CLUSTER_ID=9e68173f-9c23-4acc-ba81-4f079b639964");

    const cluster = await createClient(Membership, createGrpcTransport({ baseUrl: devnet.node(0) })).cluster(
      {},
    );
    expect(cluster.members.map((member) => member.grpcEndpoint)).toEqual([0, 1, 2].map(devnet.node));

    devnet.child.kill("SIGINT");
    expect(await exitOf(devnet.child)).toBe(0);
    for (const url of [0, 1, 2].map(devnet.node).concat(devnet.chainRpc)) {
      expect(await isListening(portOf(url)), url).toBe(false);
    }
  });

  it("reproduces the reference's seeded ports: --seed test puts the bootnode on 43207", async () => {
    const devnet = await start([
      "--seed",
      "test",
      "--no-write-config",
      "--chain-rpc-port",
      "0",
      "--chain-proxy-port",
      "0",
      "--chain-grpc-port",
      "0",
    ]);
    expect([0, 1, 2].map(devnet.node)).toEqual([
      "http://127.0.0.1:43207",
      "http://127.0.0.1:58829",
      "http://127.0.0.1:47232",
    ]);
    expect(devnet.stdout()).toContain("cluster id is b3b307bd-aaff-49f5-a73c-2e2546dca320");
    devnet.child.kill("SIGTERM");
    expect(await exitOf(devnet.child)).toBe(0);
  });

  it("runs each node in its own process with --processes, and leaves none behind on SIGTERM or kill -9", async () => {
    const first = await start([...EPHEMERAL, "--processes", "--no-write-config"]);
    const pid = first.child.pid as number;
    const nodes = childrenOf(pid);
    expect(nodes).toHaveLength(3);
    const cluster = await createClient(Membership, createGrpcTransport({ baseUrl: first.node(2) })).cluster(
      {},
    );
    expect(cluster.members).toHaveLength(3);
    first.child.kill("SIGTERM");
    expect(await exitOf(first.child)).toBe(0);
    expect(nodes.filter(alive)).toEqual([]);

    const second = await start([...EPHEMERAL, "--processes", "--no-write-config"]);
    const orphans = childrenOf(second.child.pid as number);
    expect(orphans).toHaveLength(3);
    second.child.kill("SIGKILL");
    await waitUntil(() => orphans.every((child) => !alive(child)), "the node processes ended");
    for (const index of [0, 1, 2]) expect(await isListening(portOf(second.node(index)))).toBe(false);
  });

  it.each([
    [["--nodes", "2"], 2, /^nillion-devnet: --nodes must be an integer from 3 to 10, got 2 \(see --help\)$/m],
    [["--degree", "2"], 2, /^nillion-devnet: --degree must be an integer from 1 to 1 for 3 nodes/m],
    [["--bind-address", "localhost"], 2, /--bind-address must be an IPv4 or IPv6 address, got localhost/],
    [["--prime-bits", "512"], 2, /--prime-bits must be 64, 128 or 256, got 512/],
    [["--frobnicate"], 2, /Unknown option '--frobnicate'/],
    [["--quiet", "--verbose"], 2, /--quiet and --verbose exclude each other/],
  ])("refuses %j with exit status %i and says why", async (args, status, message) => {
    const child = spawn(process.execPath, [CLI, ...EPHEMERAL, "--no-write-config", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    expect(await exitOf(child)).toBe(status);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/nodeCount|polynomialDegree|bindAddress|\n\s+at /);
  });

  it("prints its version with --version and -V", () => {
    const { version } = JSON.parse(
      fs.readFileSync(path.resolve(import.meta.dirname, "../package.json"), "utf8"),
    );
    for (const flag of ["--version", "-V"]) {
      expect(execFileSync(process.execPath, [CLI, flag], { encoding: "utf8" })).toBe(
        `nillion-devnet ${version}\n`,
      );
    }
  });

  describe("on a port another process holds", () => {
    let holder: net.Server;
    let busy: number;
    beforeEach(async () => {
      holder = net.createServer();
      await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
      busy = (holder.address() as net.AddressInfo).port;
    });
    afterEach(() => new Promise<void>((resolve) => holder.close(() => resolve())));

    it.each([
      ["--chain-rpc-port", "the nilchain RPC", []],
      ["--chain-proxy-port", "the nilchain CORS proxy", []],
      ["--chain-grpc-port", "the nilchain gRPC", []],
      ["--port-base", "node 0", []],
      ["--port-base", "node 0", ["--processes"]],
    ])("names %s (%s %j), without a stack trace", async (flag, what, extra) => {
      const args = [...EPHEMERAL, "--no-write-config", ...extra];
      args[args.indexOf(flag) + 1] = String(busy);
      const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
      running.add(child);
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      expect(await exitOf(child)).toBe(1);
      expect(stderr).toContain(
        `cannot listen on 127.0.0.1:${busy} for ${what}: another process uses the port`,
      );
      expect(stderr).toContain(`; choose another with ${flag} <port>`);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  });
});

describe("nillion-devnet --data-dir", () => {
  it("keeps every acknowledged value, the spent receipts and the chain across kill -9", async () => {
    const dataDir = tempDir();
    const args = [...EPHEMERAL, "--no-write-config", "--data-dir", dataDir];
    const first = await start(args);
    const client = await ClusterClient.connect(first.node(0), first.chainRpc, 3);
    const masker = new SecretMasker({ prime: "SAFE_256_BITS", degree: 1, parties: client.nodeIds });
    const stored = [];
    for (let i = 0; i < 5; i++) {
      const receipt = await client.receipt({
        operation: { case: "storeValues", value: { publicValuesCount: 1n, ttlDays: 1 } },
      });
      stored.push({
        valuesId: await client.store(masker.mask({ n: new Integer(BigInt(i)) }), receipt),
        value: i,
      });
    }
    const spent = await client.receipt({
      operation: { case: "retrieveValues", value: { valuesId: stored[0]?.valuesId ?? new Uint8Array() } },
    });
    await client.retrieve(spent);
    first.child.kill("SIGKILL");
    await exitOf(first.child);

    const second = await start(args);
    const again = await ClusterClient.connect(second.node(0), second.chainRpc, 3, client.key);
    for (const { valuesId, value } of stored) {
      const receipt = await again.receipt({ operation: { case: "retrieveValues", value: { valuesId } } });
      expect(masker.unmask(await again.retrieve(receipt))).toEqual({
        n: new Integer(BigInt(value)),
      });
    }
    expect(await failure(again.retrieve(spent))).toEqual([Code.FailedPrecondition, "nonce already used"]);
    second.child.kill("SIGINT");
    expect(await exitOf(second.child)).toBe(0);
  });
});
