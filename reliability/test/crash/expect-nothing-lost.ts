import type { NilChain } from "@nillion/devnet";
import { isNillionError, PaymentError } from "@nillion/types";
import { expect } from "vitest";
import { CREDITS_PER_OPERATION, UNIL_PER_CREDIT } from "../support/devnet-prices.js";
import { describeValues, valueDifferences } from "../support/mixed-values.js";
import { moduleAddress } from "../support/module-address.js";
import { walletBooks } from "../support/wallet-books.js";
import type { ProcessFault } from "../support/watch-process.js";
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

/**
 * The acknowledged stores that do not read back exactly as stored, each with why; empty when all do. Reads
 * one at a time, so that the check itself is no load test.
 */
async function unreadableStores(acked: readonly AckedStore[]): Promise<string[]> {
  const problems: string[] = [];
  for (const { user, valuesId, values } of acked) {
    const what = `values ${valuesId} of user ${user.index} (${describeValues(values)})`;
    try {
      const retrieve = await user.pay(user.client.retrieveValues(valuesId));
      const differences = valueDifferences(values, await retrieve.invoke({ timeoutMs: 20_000 }));
      if (differences.length > 0) problems.push(`${what}: ${differences.join("; ")}`);
    } catch (error) {
      problems.push(`${what}: ${String(error)}`);
    }
  }
  return problems;
}

/** The used receipts that a node did not refuse as used ("nonce already used"), each with what happened. */
async function acceptedReplays(used: readonly UsedReceipt[]): Promise<string[]> {
  const problems: string[] = [];
  for (const [index, { user, receipt, values }] of used.entries()) {
    const what = `${values === undefined ? "retrieve" : "store"} receipt #${index} of user ${user.index}`;
    try {
      if (values === undefined) await user.client.invokeRetrieveValues(receipt, { timeoutMs: 20_000 });
      else await user.client.invokeStoreValues(receipt, values, { timeoutMs: 20_000 });
      problems.push(`${what} was accepted again`);
    } catch (error) {
      if (!(error instanceof PaymentError && error.details?.["rawMessage"] === "nonce already used")) {
        problems.push(`${what} was refused, but not as used: ${String(error)}`);
      }
    }
  }
  return problems;
}

/** The errors that are not the SDK's typed errors: a crash may fail calls, but only with those. */
function untypedErrors(errors: readonly unknown[]): string[] {
  return errors.filter((error) => !isNillionError(error)).map((error) => String(error));
}

/**
 * Where the books disagree with what the users know they paid; empty when they balance. Each wallet's
 * balance and sequence must match the chain's own tx index to the unil; a balance-mode user paid on chain
 * once (its credits), a per-operation user once per payment the leader answered, at most once per payment
 * asked; each user's credits lie between what the payments it asked for and those it got a receipt for
 * would leave (equal when every payment was answered).
 */
async function booksProblems(
  chain: NilChain,
  users: readonly CrashUser[],
  fundedUnil: bigint,
): Promise<string[]> {
  const problems: string[] = [];
  for (const user of users) {
    const { address } = user.wallet;
    const books = await walletBooks(chain.urls.rpc, address);
    const balance = chain.balance(address);
    const who = `user ${user.index} (${user.paymentMode}, ${user.started} payments asked, ${user.receipted} answered)`;
    if (balance !== fundedUnil - books.spentUnil) {
      problems.push(`${who}: wallet holds ${balance} unil, its txs leave ${fundedUnil - books.spentUnil}`);
    }
    const sequence = chain.account(address)?.sequence ?? 0n;
    if (sequence !== BigInt(books.txs.length)) {
      problems.push(`${who}: account sequence ${sequence}, but the chain lists ${books.txs.length} txs`);
    }
    const credits = (await user.client.balance({ timeoutMs: 20_000 })).balance;
    if (user.paymentMode === "balance") {
      if (books.txs.length !== 1 || books.burnedUnil !== user.prepaidCredits * UNIL_PER_CREDIT) {
        problems.push(
          `${who}: paid on chain ${books.txs.length} times, ${books.burnedUnil} unil, instead of once for its credits`,
        );
      }
      const lowest = user.prepaidCredits - BigInt(user.started) * CREDITS_PER_OPERATION;
      const highest = user.prepaidCredits - BigInt(user.receipted) * CREDITS_PER_OPERATION;
      if (credits < lowest || credits > highest) {
        problems.push(
          `${who}: ${credits} credits left, expected ${lowest === highest ? lowest : `${lowest} to ${highest}`}`,
        );
      }
    } else {
      const payments = books.txs.filter((tx) => tx.code === 0 && tx.burnedUnil > 0n).length;
      if (payments < user.receipted || payments > user.started) {
        problems.push(`${who}: the chain holds ${payments} payments`);
      }
      if (credits !== 0n) problems.push(`${who}: ${credits} credits, none bought`);
    }
  }
  return problems;
}

/**
 * Where the chain's totals disagree with the users' txs: the supply must have fallen from `supplyBefore` by
 * exactly what their payments burned, the x/meta account (payments pass through it) must be empty, and the
 * fee collector must hold `feesBefore` plus their fees. Only these users pay on the chains the suite runs.
 */
async function supplyProblems(
  chain: NilChain,
  users: readonly CrashUser[],
  before: { readonly supply: bigint; readonly fees: bigint },
): Promise<string[]> {
  let burned = 0n;
  let fees = 0n;
  for (const user of users) {
    const books = await walletBooks(chain.urls.rpc, user.wallet.address);
    burned += books.burnedUnil;
    fees += books.feeUnil;
  }
  const problems: string[] = [];
  if (before.supply - chain.supply() !== burned) {
    problems.push(`the supply fell by ${before.supply - chain.supply()} unil, the payments burned ${burned}`);
  }
  const meta = chain.balance(moduleAddress("meta"));
  if (meta !== 0n) problems.push(`the meta module account holds ${meta} unil instead of burning it`);
  const collected = chain.balance(moduleAddress("fee_collector")) - before.fees;
  if (collected !== fees)
    problems.push(`the fee collector gained ${collected} unil, the txs paid ${fees} in fees`);
  return problems;
}
