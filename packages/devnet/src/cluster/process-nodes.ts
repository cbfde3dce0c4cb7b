import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { UnavailableError } from "@nillion/types";
import { withBoundPorts } from "../node/cluster-layout.js";
import type { ClusterNodeSettings, ClusterNodes } from "./cluster-nodes.js";
import type { FromNodeProcess, ToNodeProcess } from "./node-process-messages.js";

/** A node process that does not finish closing in this time is killed. */
const STOP_GRACE_MS = 5_000;

/**
 * Starts each node in its own OS process (`node-process.js` next to this module in `dist`), talking to
 * it over IPC only to start, bind and stop it. A node process ends itself if this process goes away, so
 * none is left behind.
 */
export async function startProcessNodes(settings: ClusterNodeSettings): Promise<ClusterNodes> {
  const { planned } = settings;
  const entry = fileURLToPath(new URL("./node-process.js", import.meta.url));
  const children = planned.nodes.map(() =>
    fork(entry, [], { stdio: ["ignore", "inherit", "inherit", "ipc"], execArgv: [], serialization: "json" }),
  );
  const stop = () => Promise.all(children.map((child) => stopChild(child))).then(() => undefined);
  try {
    for (const [index, child] of children.entries()) {
      child.on("message", (message: FromNodeProcess) => {
        if (message.type === "log") settings.log[message.level](message.message);
      });
      send(child, {
        type: "start",
        index,
        seed: planned.seed,
        clusterId: planned.clusterId,
        bindAddress: planned.bindAddress,
        ports: planned.nodes.map((node) => node.port),
        primeWire: settings.primeWire,
        polynomialDegree: settings.polynomialDegree,
        chainRpcUrl: settings.chainRpcUrl,
        storeDirectory: settings.storeDirectory(index) ?? null,
        sweepIntervalMs: settings.sweepIntervalMs ?? null,
      });
    }
    const ports = await Promise.all(
      children.map(async (child, index) => {
        const reply = await nextReply(child, index);
        if (reply.type !== "listening") throw new UnavailableError(`node ${index} did not start`);
        return reply.port;
      }),
    );
    const layout = withBoundPorts(planned, ports);
    await Promise.all(
      children.map(async (child, index) => {
        send(child, { type: "bind", ports });
        await nextReply(child, index);
      }),
    );
    return { layout, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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
      if (message.type === "failed") reject(new UnavailableError(`node ${index} failed: ${message.message}`));
      else resolve(message);
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
