import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { UnavailableError } from "@nillion/types";
import { type ClusterLayout, withBoundPorts } from "../node/cluster-layout.js";
import type { ClusterNodeSettings, ClusterNodes } from "./cluster-nodes.js";
import type { FromNodeProcess, ToNodeProcess } from "./node-process-messages.js";

/** A node process that does not finish closing in this time is killed. */
const STOP_GRACE_MS = 5_000;

const ENTRY = fileURLToPath(new URL("./node-process.js", import.meta.url));

/**
 * Starts each node in its own OS process (`node-process.js` next to this module in `dist`), talking to
 * it over IPC only to start, bind and stop it. A node process ends itself if this process goes away, so
 * none is left behind.
 */
export async function startProcessNodes(settings: ClusterNodeSettings): Promise<ClusterNodes> {
  const { planned } = settings;
  const children = planned.nodes.map((_, index) => forkNode(settings, index, planned));
  // Each node's last restart, so that restarts of one node run one after another.
  const restarts: Promise<void>[] = planned.nodes.map(() => Promise.resolve());
  let stopping = false;
  const stop = () => {
    stopping = true;
    return Promise.all(children.map((child) => stopChild(child))).then(() => undefined);
  };
  try {
    const ports = await Promise.all(children.map((child, index) => listeningPort(child, index)));
    const layout = withBoundPorts(planned, ports);
    await Promise.all(children.map((child, index) => bind(child, index, ports)));
    const restart = async (index: number) => {
      await stopChild(children[index] as ChildProcess);
      // Checked after the await and before the fork: a stop that began meanwhile either sees the new
      // child in `children` or is seen here.
      if (stopping) throw new UnavailableError(`node ${index} was not restarted: the devnet is stopping`);
      const child = forkNode(settings, index, layout);
      children[index] = child;
      await listeningPort(child, index);
      await bind(child, index, ports);
    };
    const processes = planned.nodes.map((_, index) => ({
      index,
      get pid() {
        return (children[index] as ChildProcess).pid as number;
      },
      restart() {
        if (stopping) {
          return Promise.reject(
            new UnavailableError(`node ${index} was not restarted: the devnet is stopping`),
          );
        }
        const next = (restarts[index] as Promise<void>).catch(() => undefined).then(() => restart(index));
        restarts[index] = next;
        return next;
      },
    }));
    return { layout, stop, processes };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Forks node `index` and asks it to listen on its port in `layout` (0 for an ephemeral one). */
function forkNode(settings: ClusterNodeSettings, index: number, layout: ClusterLayout): ChildProcess {
  const child = fork(ENTRY, [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: [],
    serialization: "json",
  });
  child.on("message", (message: FromNodeProcess) => {
    if (message.type === "log") settings.log[message.level](message.message);
  });
  send(child, {
    type: "start",
    index,
    seed: layout.seed,
    clusterId: layout.clusterId,
    bindAddress: layout.bindAddress,
    ports: layout.nodes.map((node) => node.port),
    primeWire: settings.primeWire,
    polynomialDegree: settings.polynomialDegree,
    chainRpcUrl: settings.chainRpcUrl,
    storeDirectory: settings.storeDirectory(index) ?? null,
    sweepIntervalMs: settings.sweepIntervalMs ?? null,
  });
  return child;
}

async function listeningPort(child: ChildProcess, index: number): Promise<number> {
  const reply = await nextReply(child, index);
  if (reply.type !== "listening") throw new UnavailableError(`node ${index} did not start`);
  return reply.port;
}

async function bind(child: ChildProcess, index: number, ports: readonly number[]): Promise<void> {
  send(child, { type: "bind", ports });
  await nextReply(child, index);
}

function send(child: ChildProcess, message: ToNodeProcess): void {
  if (child.connected) child.send(message);
}

/** The next start-up reply of a node process; its failure or death rejects with what it said. */
function nextReply(child: ChildProcess, index: number): Promise<FromNodeProcess> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromNodeProcess) => {
      if (message.type === "log") return;
      cleanup();
      if (message.type === "failed") {
        const details = message.details === undefined ? {} : { details: message.details };
        reject(new UnavailableError(`node ${index} failed: ${message.message}`, details));
      } else resolve(message);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new UnavailableError(`node ${index} exited during start-up (${signal ?? `code ${code}`})`));
    };
    const cleanup = () => {
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  send(child, { type: "stop" });
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
