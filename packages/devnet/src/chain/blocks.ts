// Block identity. Blocks carry no consensus data here, but their hashes and app hashes are deterministic
// functions of their content, so a restarted chain that replays its log reports the same ones.
import { concatBytes } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";

/** A committed block. */
export interface Block {
  readonly height: number;
  readonly time: Date;
  readonly hash: Uint8Array;
  /** Hash of the application state after this block's txs ran. */
  readonly appHash: Uint8Array;
  /** Hashes of its txs, in order (uppercase hex). */
  readonly txHashes: readonly string[];
}

const encoder = new TextEncoder();

/** The app hash after a block: the previous one chained with what the block changed. */
export function nextAppHash(previous: Uint8Array, changes: readonly string[]): Uint8Array {
  return sha256(concatBytes(previous, ...changes.map((change) => encoder.encode(change))));
}

/** The block hash: height, time, parent, app hash and tx hashes. */
export function blockHash(
  height: number,
  time: Date,
  previous: Uint8Array,
  appHash: Uint8Array,
  txHashes: readonly string[],
): Uint8Array {
  const header = encoder.encode(`${height}/${time.toISOString()}/${txHashes.join(",")}`);
  return sha256(concatBytes(header, previous, appHash));
}
