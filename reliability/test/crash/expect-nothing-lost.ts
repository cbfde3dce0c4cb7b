import type { NilChain } from "@nillion/devnet";
import { expect } from "vitest";
import type { ProcessFault } from "../support/watch-process.js";
import {
  acceptedReplays,
  booksProblems,
  supplyProblems,
  unreadableStores,
  untypedErrors,
} from "./after-crash.js";
import type { AckedStore, CrashLoad, UsedReceipt } from "./crash-load.js";
import type { CrashUser } from "./crash-user.js";

/** What a crash scenario leaves to check once the devnet serves again. */
export interface CrashAftermath {
  /** The load that ran through the crash: what came back different, and what calls failed with. */
  readonly load: Pick<CrashLoad, "corrupted" | "errors">;
  /** Stores acknowledged and receipts used before the kill, of this crash and of any before it. */
  readonly acked: readonly AckedStore[];
  readonly used: readonly UsedReceipt[];
  readonly chain: NilChain;
  readonly users: readonly CrashUser[];
  /** What each user's wallet held before its first tx. */
  readonly fundedUnil: bigint;
  /** The unil supply and the fee collector's balance before the users' first tx. */
  readonly before: { readonly supply: bigint; readonly fees: bigint };
  /** The leader was not killed, so it must have answered every payment it was asked for. */
  readonly leaderStayedUp: boolean;
  readonly faults: { stop(): ProcessFault[] };
}

/**
 * Asserts that a crash lost nothing (see the README's "Crash" section), each assertion labelled with
 * `context`: the replay command and how many stores were acknowledged before the kill.
 */
export async function expectNothingLost(after: CrashAftermath, context: string): Promise<void> {
  const { chain, users } = after;
  expect(after.load.corrupted, context).toEqual([]);
  expect(untypedErrors(after.load.errors), context).toEqual([]);
  if (after.leaderStayedUp) {
    expect(
      users.map((user) => user.started - user.receipted),
      context,
    ).toEqual(users.map(() => 0));
  }
  expect(await booksProblems(chain, users, after.fundedUnil), context).toEqual([]);
  expect(await supplyProblems(chain, users, after.before), context).toEqual([]);
  expect(await acceptedReplays(after.used), context).toEqual([]);
  expect(await unreadableStores(after.acked), context).toEqual([]);
  expect(after.faults.stop(), context).toEqual([]);
}
