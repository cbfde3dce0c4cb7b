// The body of one node process of `nillion-devnet --processes`: it serves one node until told to stop,
// or until its parent goes away (the IPC channel closes), or a signal arrives.
import process from "node:process";
import type { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { isNillionError } from "@nillion/types";
import { clusterLayout, withBoundPorts } from "../node/cluster-layout.js";
import { DevnetNode } from "../node/devnet-node.js";
import type { NodeLogger } from "../node/node-logger.js";
import { defaultExtensions } from "./default-extensions.js";
import { openNodeStore } from "./in-process-nodes.js";
import type { FromNodeProcess, ToNodeProcess } from "./node-process-messages.js";

function tell(message: FromNodeProcess): void {
  if (process.connected) process.send?.(message);
}

const log: NodeLogger = {
  info: (message) => tell({ type: "log", level: "info", message }),
  debug: (message) => tell({ type: "log", level: "debug", message }),
  warn: (message) => tell({ type: "log", level: "warn", message }),
};

let node: DevnetNode | undefined;
let closing = false;

function shutDown(): void {
  if (closing) return;
  closing = true;
  (node?.close() ?? Promise.resolve()).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`node process failed to close: ${String(error)}\n`);
      process.exit(1);
    },
  );
}

async function start(message: Extract<ToNodeProcess, { type: "start" }>): Promise<void> {
  const base = clusterLayout({
    seed: message.seed,
    nodeCount: message.ports.length,
    bindAddress: message.bindAddress,
    clusterId: message.clusterId,
    portBase: 0,
  });
  const planned = message.ports.every((port) => port !== 0) ? withBoundPorts(base, message.ports) : base;
  const store = await openNodeStore(message.storeDirectory ?? undefined);
  try {
    node = await DevnetNode.listen({
      layout: planned,
      index: message.index,
      prime: message.primeWire as Prime,
      polynomialDegree: message.polynomialDegree,
      store,
      chainRpcUrl: message.chainRpcUrl,
      extensions: defaultExtensions(),
      log,
      ...(message.sweepIntervalMs === null ? {} : { sweepIntervalMs: message.sweepIntervalMs }),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  tell({ type: "listening", port: node.port });
  const bind = await new Promise<Extract<ToNodeProcess, { type: "bind" }>>((resolve) => {
    const onMessage = (next: ToNodeProcess) => {
      if (next.type !== "bind") return;
      process.off("message", onMessage);
      resolve(next);
    };
    process.on("message", onMessage);
  });
  node.bind(withBoundPorts(base, bind.ports));
  tell({ type: "bound" });
}

process.on("message", (message: ToNodeProcess) => {
  if (message.type === "start") {
    start(message).catch((error: unknown) => {
      tell({
        type: "failed",
        message: error instanceof Error ? error.message : String(error),
        // What names the option behind a refusal (a busy port's) crosses to the parent with the message.
        ...(isNillionError(error) && error.details !== undefined ? { details: error.details } : {}),
      });
      shutDown();
    });
  } else if (message.type === "stop") {
    shutDown();
  }
});
process.on("disconnect", shutDown);
process.on("SIGINT", shutDown);
process.on("SIGTERM", shutDown);
