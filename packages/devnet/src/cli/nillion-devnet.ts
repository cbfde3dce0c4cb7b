#!/usr/bin/env node
// The `nillion-devnet` command: a chain emulator and a nilvm cluster on this machine until interrupted.
import process from "node:process";
import { parseArgs } from "node:util";
import { InvalidArgumentError, isNillionError } from "@nillion/types";
import { Devnet, type DevnetOptions } from "../cluster/devnet.js";
import type { NodeLogger } from "../node/node-logger.js";

// The package's version, written in by the build (tsup.config.mjs).
declare const NILLION_DEVNET_VERSION: string;

const USAGE = `usage: nillion-devnet [options]

Starts a nilchain emulator and a cluster of nilvm nodes, writes the network configuration and runs
until interrupted (Ctrl-C or SIGTERM).

  --seed <text>            drives node keys, ports and the cluster id (default nillion-devnet)
  --nodes <n>              number of nodes, 3 to 10 (default 3); also --node-count
  --prime-bits <bits>      64, 128 or 256 (default 256)
  --degree <t>             polynomial degree, n >= 2t + 1 (default 1)
  --cluster-id <uuid>      overrides the seeded cluster id
  --data-dir <dir>         keep state in <dir> across runs (default: memory only)
  --bind-address <ip>      address the nodes listen on (default 127.0.0.1)
  --port-base <port>       node i listens on <port> + i; 0 for ephemeral ports (default: seeded ports)
  --chain-rpc-port <port>  CometBFT JSON-RPC (default 26648)
  --chain-proxy-port <port> JSON-RPC behind CORS headers (default 48102)
  --chain-grpc-port <port> Cosmos gRPC (default 26649)
  --processes              run each node in its own OS process
  --no-write-config        do not write devnet.yaml and nillion-devnet.env
  --quiet                  print only errors
  --verbose                also print what each node does
  -V, --version            print the version and exit
  -h, --help               show this text
`;

const OPTIONS = {
  seed: { type: "string" },
  nodes: { type: "string" },
  "node-count": { type: "string" },
  "prime-bits": { type: "string" },
  degree: { type: "string" },
  "cluster-id": { type: "string" },
  "data-dir": { type: "string" },
  "bind-address": { type: "string" },
  "port-base": { type: "string" },
  "chain-rpc-port": { type: "string" },
  "chain-proxy-port": { type: "string" },
  "chain-grpc-port": { type: "string" },
  processes: { type: "boolean" },
  "no-write-config": { type: "boolean" },
  quiet: { type: "boolean" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const;

/** The flag behind each `Devnet` option, so that a refusal names what the user typed. */
const FLAG_OF: Readonly<Record<string, string>> = {
  seed: "--seed",
  nodeCount: "--nodes",
  primeBits: "--prime-bits",
  polynomialDegree: "--degree",
  clusterId: "--cluster-id",
  dataDir: "--data-dir",
  bindAddress: "--bind-address",
  portBase: "--port-base",
  "chain.rpcPort": "--chain-rpc-port",
  "chain.proxyPort": "--chain-proxy-port",
  "chain.grpcPort": "--chain-grpc-port",
};

class UsageError extends Error {}

function integer(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${flag} expects a whole number, got "${text}"`);
  return Number(text);
}

function parse(args: readonly string[]) {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; args: string[] }>>;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.quiet && values.verbose) throw new UsageError("--quiet and --verbose exclude each other");
  const primeBits = integer("prime-bits", values["prime-bits"]);
  if (primeBits !== undefined && primeBits !== 64 && primeBits !== 128 && primeBits !== 256) {
    throw new UsageError(`--prime-bits must be 64, 128 or 256, got ${primeBits}`);
  }
  const chain = {
    rpcPort: integer("chain-rpc-port", values["chain-rpc-port"]),
    proxyPort: integer("chain-proxy-port", values["chain-proxy-port"]),
    grpcPort: integer("chain-grpc-port", values["chain-grpc-port"]),
  };
  const options: DevnetOptions = {
    ...(values.seed === undefined ? {} : { seed: values.seed }),
    nodeCount: integer("nodes", values.nodes ?? values["node-count"]) ?? 3,
    ...(primeBits === undefined ? {} : { primeBits }),
    polynomialDegree: integer("degree", values.degree) ?? 1,
    ...(values["cluster-id"] === undefined ? {} : { clusterId: values["cluster-id"] }),
    ...(values["data-dir"] === undefined ? {} : { dataDir: values["data-dir"] }),
    ...(values["bind-address"] === undefined ? {} : { bindAddress: values["bind-address"] }),
    ...(values["port-base"] === undefined
      ? {}
      : { portBase: Number(integer("port-base", values["port-base"])) }),
    chain: Object.fromEntries(Object.entries(chain).filter(([, port]) => port !== undefined)) as {
      [K in keyof typeof chain]?: number;
    },
    processes: values.processes ?? false,
  };
  return {
    options,
    help: values.help ?? false,
    version: values.version ?? false,
    writeConfig: !values["no-write-config"],
    verbosity: values.quiet ? "quiet" : values.verbose ? "verbose" : "normal",
  } as const;
}

/**
 * What to tell the user when the devnet would not start, in terms of the command's flags: an option out
 * of range is a usage error (status 2), a busy port names the flag that moves it (status 1).
 */
function startRefusal(error: unknown): { message: string; status: number } {
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof InvalidArgumentError) {
    const flag = FLAG_OF[error.argument];
    if (flag !== undefined) {
      return { message: `${text.replaceAll(`"${error.argument}"`, flag)} (see --help)`, status: 2 };
    }
  }
  const option = isNillionError(error) ? error.details?.["option"] : undefined;
  const flag = typeof option === "string" ? FLAG_OF[option] : undefined;
  if (flag !== undefined) {
    const remedy =
      flag === "--port-base" ? `${flag} <port>, or ${flag} 0 for ephemeral ports` : `${flag} <port>`;
    return { message: `${text}; choose another with ${remedy}`, status: 1 };
  }
  return { message: text, status: 1 };
}

function consoleLogger(verbosity: "quiet" | "normal" | "verbose"): NodeLogger {
  return {
    info: (message) => {
      if (verbosity === "verbose") process.stdout.write(`${message}\n`);
    },
    debug: (message) => {
      if (verbosity === "verbose") process.stdout.write(`${message}\n`);
    },
    warn: (message) => process.stderr.write(`${message}\n`),
  };
}

async function main(args: readonly string[]): Promise<number> {
  let command: ReturnType<typeof parse>;
  try {
    command = parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`nillion-devnet: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command.version) {
    process.stdout.write(`nillion-devnet ${NILLION_DEVNET_VERSION}\n`);
    return 0;
  }
  const say = (line: string) => {
    if (command.verbosity !== "quiet") process.stdout.write(`${line}\n`);
  };
  const startedAt = performance.now();
  let devnet: Devnet;
  try {
    devnet = await Devnet.start({ ...command.options, log: consoleLogger(command.verbosity) });
  } catch (error) {
    const refusal = startRefusal(error);
    process.stderr.write(`nillion-devnet: ${refusal.message}\n`);
    return refusal.status;
  }
  const stopping = new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      say(`🛑 ${signal} received, stopping`);
      devnet.stop().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`nillion-devnet: stopping failed: ${String(error)}\n`);
          resolve(1);
        },
      );
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });

  const { layout, chain } = devnet;
  say(`ℹ️  cluster id is ${layout.clusterId}`);
  say(`ℹ️  using ${devnet.primeBits} bit prime, polynomial degree ${devnet.polynomialDegree}`);
  say(`ℹ️  storing state in ${command.options.dataDir ?? "memory"}`);
  say(`⛓  nilchain JSON RPC available at ${chain.urls.proxy} (direct: ${chain.urls.rpc})`);
  say(`⛓  nilchain gRPC available at ${chain.urls.grpc}`);
  for (const node of layout.nodes) {
    const roles = [node.index === 0 ? "bootnode" : "", node.index === layout.leaderIndex ? "leader" : ""]
      .filter(Boolean)
      .join(", ");
    say(`🏃 node ${node.index} at ${node.grpcEndpoint}${roles ? ` (${roles})` : ""}`);
  }
  if (command.writeConfig) {
    try {
      const written = await devnet.writeConfig();
      say(`📝 network configuration written to ${written.networkConfigPath}`);
      say(`🌄 environment file written to ${written.envFilePath}`);
    } catch (error) {
      process.stderr.write(`nillion-devnet: writing the configuration failed: ${String(error)}\n`);
      await devnet.stop();
      return 1;
    }
  }
  say(`✔️  nillion-devnet is ready (${Math.round(performance.now() - startedAt)} ms)`);
  return stopping;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(
      `nillion-devnet: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
