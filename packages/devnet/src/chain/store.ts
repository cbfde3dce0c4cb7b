// Durable chain state under a data directory: the genesis, fixed at the first start, and an append-only log
// with one JSON line per committed block (its time, raw txs and faucet funds). A restart replays the log
// through the same state machine, which rebuilds balances, sequences, tx results and block hashes exactly.
import fs from "node:fs";
import path from "node:path";
import { InternalError, InvalidArgumentError } from "@nillion/types";
import type { BlockInput, CommittedBlock } from "./chain.js";
import type { Genesis } from "./genesis.js";

const GENESIS_FILE = "genesis.json";
const LOG_FILE = "blocks.jsonl";

/** A data directory opened for one chain. */
export interface ChainStore {
  /** The genesis the directory was created with. */
  readonly genesis: Genesis;
  /** Every committed block, oldest first, to replay. */
  readonly blocks: readonly BlockInput[];
  /** Appends a committed block to the log before anyone is told about it. */
  append(committed: CommittedBlock): void;
  close(): void;
}

/**
 * Opens (or creates) the chain's files in `directory`. A new directory gets `genesis`; an existing one keeps
 * the genesis it was created with, which must be for the same chain id.
 *
 * @throws {InvalidArgumentError} (`argument: "chainId"`) when the directory holds another chain
 * @throws {InternalError} when the block log is damaged anywhere but in its last, partly written line
 */
export function openStore(directory: string, genesis: Genesis): ChainStore {
  fs.mkdirSync(directory, { recursive: true });
  const genesisPath = path.join(directory, GENESIS_FILE);
  const logPath = path.join(directory, LOG_FILE);
  let stored = genesis;
  if (fs.existsSync(genesisPath)) {
    stored = readGenesis(genesisPath);
    if (stored.chainId !== genesis.chainId) {
      throw new InvalidArgumentError(
        `the data directory ${directory} holds chain "${stored.chainId}", not "${genesis.chainId}"`,
        { argument: "chainId" },
      );
    }
  } else {
    writeGenesis(genesisPath, genesis);
    fs.rmSync(logPath, { force: true });
  }
  const blocks = readLog(logPath);
  const fd = fs.openSync(logPath, "a");
  return {
    genesis: stored,
    blocks,
    append({ block, input }) {
      const line = {
        height: block.height,
        time: input.time.toISOString(),
        txs: input.txs.map((tx) => Buffer.from(tx).toString("base64")),
        mints: input.mints.map(({ address, amount }) => ({ address, amount: amount.toString() })),
      };
      fs.writeSync(fd, `${JSON.stringify(line)}\n`);
    },
    close() {
      fs.closeSync(fd);
    },
  };
}

function writeGenesis(file: string, genesis: Genesis): void {
  const content = {
    chain_id: genesis.chainId,
    genesis_time: genesis.time.toISOString(),
    accounts: genesis.accounts.map(({ address, amount }) => ({ address, amount: amount.toString() })),
  };
  // Written whole under another name, then renamed: a crash never leaves half a genesis.
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(content, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

function readGenesis(file: string): Genesis {
  try {
    const content = JSON.parse(fs.readFileSync(file, "utf8")) as {
      chain_id: string;
      genesis_time: string;
      accounts: Array<{ address: string; amount: string }>;
    };
    return {
      chainId: content.chain_id,
      time: new Date(content.genesis_time),
      accounts: content.accounts.map(({ address, amount }) => ({ address, amount: BigInt(amount) })),
    };
  } catch (error) {
    throw new InternalError(`cannot read the chain genesis ${file}`, { cause: error });
  }
}

function readLog(file: string): BlockInput[] {
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, "utf8");
  const lines = text.split("\n");
  const blocks: BlockInput[] = [];
  let goodLength = 0;
  for (const [i, line] of lines.entries()) {
    if (line === "") continue;
    const complete = i < lines.length - 1;
    let block: BlockInput;
    try {
      const parsed = JSON.parse(line) as {
        height: number;
        time: string;
        txs: string[];
        mints: Array<{ address: string; amount: string }>;
      };
      if (parsed.height !== blocks.length + 1) throw new Error(`expected height ${blocks.length + 1}`);
      block = {
        time: new Date(parsed.time),
        txs: parsed.txs.map((tx) => new Uint8Array(Buffer.from(tx, "base64"))),
        mints: parsed.mints.map(({ address, amount }) => ({ address, amount: BigInt(amount) })),
      };
    } catch (error) {
      // Only the last line can be half written, by a process killed during the write.
      if (!complete) break;
      throw new InternalError(`the chain's block log ${file} is damaged at line ${i + 1}`, { cause: error });
    }
    if (!complete) break;
    blocks.push(block);
    goodLength += Buffer.byteLength(line) + 1;
  }
  if (goodLength < Buffer.byteLength(text)) fs.truncateSync(file, goodLength);
  return blocks;
}
