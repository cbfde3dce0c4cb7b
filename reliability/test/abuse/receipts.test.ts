// Receipts under attack, on the nodes: a receipt pays for one operation, presented once to every node.
// Replayed (one by one and many at once, on one node and across the cluster), forged, or expired, it must
// be refused with the reference's code and text, and the books must show one charge and one stored record
// per node — never two, never one for a refused request.
import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { PrivateKey } from "@nillion/crypto";
import {
  ReceiptSchema,
  type SignedReceipt,
  SignedReceiptSchema,
} from "@nillion/proto/nillion/payments/v1/receipt";
import { ValuesId } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../support/seeded-random.js";
import type { AbuseDevnet } from "./abuse-devnet.js";
import { ABUSE_KNOBS, label } from "./abuse-knobs.js";
import type { Actor } from "./actor.js";
import { actorWithCredits } from "./funding.js";
import { quoteRequests, receiptFromBalance, receiptIdentifier, requestQuote } from "./leader-payments.js";
import { expectBooks } from "./ledger.js";
import { outcomeOf, refusalOf } from "./outcome.js";
import { storedPublicValue, storePublicValue } from "./public-values.js";
import type { RawNode } from "./raw-node.js";
import { useAbuseDevnet } from "./use-abuse-devnet.js";
import type { Wallet } from "./wallet.js";

const HOUR_MS = 3_600_000;
const OK = { code: "OK" };
const NONCE_USED = { code: "FAILED_PRECONDITION", message: "nonce already used" };
const NOTHING_STORED = [undefined, undefined, undefined];

describe("abuse: receipts on the nodes", () => {
  const random = seededRandom(ABUSE_KNOBS.seed);
  let net: AbuseDevnet;
  let wallet: Wallet;
  let alice: Actor;
  useAbuseDevnet(async (started, funded) => {
    [net, wallet] = [started, funded];
    alice = await actorWithCredits(net, wallet, 5_000n);
  });

  /** A store-values receipt alice paid from her balance. */
  async function storeReceipt(): Promise<SignedReceipt> {
    return receiptFromBalance(
      net.leader,
      await requestQuote(net.leader, quoteRequests.storeValues()),
      alice.auth(net.leader),
    );
  }

  function storeOn(node: RawNode, receipt: SignedReceipt, value: bigint) {
    return outcomeOf(
      node.values.storeValues(storePublicValue(receipt, alice.userBytes, value), alice.auth(node)),
    );
  }

  /** Stores `value` with `receipt` on every node in turn, expecting `expected` from each. */
  async function expectOnEveryNode(
    receipt: SignedReceipt,
    value: bigint,
    expected: { code: string; message?: string },
    what: string,
    input: Record<string, unknown> = {},
  ): Promise<void> {
    for (const node of net.nodes) {
      expect(
        refusalOf(await storeOn(node, receipt, value)),
        label(what, { ...input, node: node.index }),
      ).toEqual(expected);
    }
  }

  /** The public value each node stored under the receipt's identifier (undefined: nothing stored). */
  async function storedUnder(receipt: SignedReceipt): Promise<(bigint | undefined)[]> {
    const id = ValuesId.fromBytes(receiptIdentifier(receipt)).toString();
    return Promise.all(
      net.nodes.map(async (node) => {
        const record = await net.store(node.index).getValues(id);
        return record === undefined ? undefined : storedPublicValue(record);
      }),
    );
  }

  it("a receipt runs once on each node: presented again, every node refuses it and keeps the first values", async () => {
    const before = await net.ledger.read([wallet.address], [alice.userHex]);
    const receipt = await storeReceipt();
    await expectOnEveryNode(receipt, 1n, OK, "first use");
    await expectOnEveryNode(receipt, 2n, NONCE_USED, "sequential reuse");
    expect(await storedUnder(receipt), label("records after a sequential reuse")).toEqual([1n, 1n, 1n]);
    const after = await net.ledger.read([wallet.address], [alice.userHex]);
    expectBooks(before, after, { credits: { [alice.userHex]: -100n } }, label("one receipt, one charge"));
  });

  it(`${ABUSE_KNOBS.concurrency} copies at once on one node: exactly one is accepted, and the receipt still runs once on the others`, async () => {
    const receipt = await storeReceipt();
    const target = random.pick(net.nodes);
    const values = Array.from({ length: ABUSE_KNOBS.concurrency }, (_, i) => BigInt(i + 1));
    const outcomes = await Promise.all(values.map((value) => storeOn(target, receipt, value)));
    const winners = values.filter((_, i) => outcomes[i]?.ok);
    const input = { node: target.index, copies: values.length };
    expect(winners, label("concurrent copies on one node: one winner", input)).toHaveLength(1);
    for (const [i, outcome] of outcomes.entries()) {
      if (!outcome.ok)
        expect(refusalOf(outcome), label("a losing copy", { ...input, copy: i })).toEqual(NONCE_USED);
    }
    const stored = await storedUnder(receipt);
    expect(stored, label("only the target node stored, the winner's value", input)).toEqual(
      net.nodes.map((node) => (node === target ? winners[0] : undefined)),
    );
    for (const node of net.nodes.filter((other) => other !== target)) {
      expect(
        refusalOf(await storeOn(node, receipt, 0n)),
        label("the receipt on an untouched node", { node: node.index }),
      ).toEqual(OK);
    }
  });

  it(`${ABUSE_KNOBS.concurrency} copies at once across the cluster: exactly one accepted per node`, async () => {
    const receipt = await storeReceipt();
    // Every node gets at least one copy; the rest land where the seed sends them.
    const targets = Array.from({ length: ABUSE_KNOBS.concurrency }, (_, i) =>
      i < net.nodes.length ? (net.nodes[i] as RawNode) : random.pick(net.nodes),
    );
    const outcomes = await Promise.all(targets.map((node, i) => storeOn(node, receipt, BigInt(i + 1))));
    const input = { targets: targets.map((node) => node.index) };
    const stored = await storedUnder(receipt);
    for (const node of net.nodes) {
      const sent = targets.flatMap((target, i) => (target === node ? [i] : []));
      const accepted = sent.filter((i) => outcomes[i]?.ok);
      expect(accepted, label("one accepted copy on each node", { ...input, node: node.index })).toHaveLength(
        1,
      );
      for (const [i, outcome] of outcomes.entries()) {
        if (targets[i] === node && !outcome.ok) {
          expect(refusalOf(outcome), label("a losing copy", { ...input, copy: i })).toEqual(NONCE_USED);
        }
      }
      expect(
        stored[node.index],
        label("the node kept its winner's value", { ...input, node: node.index }),
      ).toBe(BigInt((accepted[0] as number) + 1));
    }
  });

  it("forged receipts (a byte changed, another signer, no signature) are refused unused, and the genuine one still runs", async () => {
    const receipt = await storeReceipt();
    const mallory = PrivateKey.generate();
    const flipped = (bytes: Uint8Array) => {
      const copy = Uint8Array.from(bytes);
      const at = random.int(copy.length);
      copy[at] = (copy[at] as number) ^ (1 + random.int(255));
      return { copy, at };
    };
    const body = flipped(receipt.receipt);
    const signature = flipped(receipt.signature);
    // Mallory's own receipt for the same operation, signed with her key instead of the leader's.
    const selfSigned = toBinary(
      ReceiptSchema,
      create(ReceiptSchema, {
        identifier: crypto.getRandomValues(new Uint8Array(16)),
        metadata: { operation: { case: "storeValues", value: { publicValuesCount: 1n, ttlDays: 1 } } },
        expiresAt: timestampFromDate(new Date(net.clock.now().getTime() + HOUR_MS)),
      }),
    );
    const forgeries = [
      {
        kind: "receipt byte flipped",
        at: body.at,
        receipt: { receipt: body.copy, signature: receipt.signature },
      },
      {
        kind: "signature byte flipped",
        at: signature.at,
        receipt: { receipt: receipt.receipt, signature: signature.copy },
      },
      {
        kind: "signed by another key",
        receipt: { receipt: selfSigned, signature: mallory.sign(selfSigned) },
      },
      {
        kind: "leader's receipt, no signature",
        receipt: { receipt: receipt.receipt, signature: new Uint8Array() },
      },
    ];
    const invalid = { code: "INVALID_ARGUMENT", message: "invalid signature" };
    for (const { receipt: forged, ...input } of forgeries) {
      await expectOnEveryNode(create(SignedReceiptSchema, forged), 9n, invalid, "forged receipt", input);
    }
    expect(await storedUnder(receipt), label("nothing stored for a forgery")).toEqual(NOTHING_STORED);
    await expectOnEveryNode(receipt, 1n, OK, "the genuine receipt after the forgeries");
  });

  it("a receipt that has expired is refused on every node, stores nothing and is used up", async () => {
    const receipt = await storeReceipt();
    net.clock.advance(24 * HOUR_MS + 60_000);
    const expired = { code: "FAILED_PRECONDITION", message: "quote expired" };
    await expectOnEveryNode(receipt, 1n, expired, "expired receipt");
    expect(await storedUnder(receipt), label("nothing stored for an expired receipt")).toEqual(
      NOTHING_STORED,
    );
    // The node records a receipt as used before it checks the expiry, as the reference does.
    await expectOnEveryNode(receipt, 1n, NONCE_USED, "expired receipt again");
  });
});
