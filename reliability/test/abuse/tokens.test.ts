// Forged auth tokens, sent the way an attacker would: expired, signed by someone other than the user they
// claim, for another node, high-S, oversized, garbage, missing, duplicated. Each is refused with the
// node's code and text (wire-protocol.md §3.2: UNAUTHENTICATED for a bad token on any RPC, Membership
// included; PERMISSION_DENIED for no token where an identity is needed), and a refused call costs nothing:
// no credits move, the quote and the receipt it carried stay unused, no node stores anything.
import { create, toBinary } from "@bufbuild/protobuf";
import { TOKEN_BINARY_HEADER } from "@nillion/crypto";
import { PaymentReceiptRequestSchema, type SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { ValuesId } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { grpcCall } from "../support/grpc-call.js";
import { Http2Client } from "../support/raw-http2.js";
import { seededRandom } from "../support/seeded-random.js";
import type { AbuseDevnet } from "./abuse-devnet.js";
import { ABUSE_KNOBS, label } from "./abuse-knobs.js";
import { type Actor, type TokenHeaders, withToken } from "./actor.js";
import { forgedTokens, garbageTokens } from "./forged-tokens.js";
import { actorWithCredits } from "./funding.js";
import {
  type Quoted,
  quoteRequests,
  receiptFromBalance,
  receiptIdentifier,
  requestQuote,
} from "./leader-payments.js";
import { expectBooks } from "./ledger.js";
import { outcomeOf, refusalOf, statusName } from "./outcome.js";
import { storePublicValue } from "./public-values.js";
import { grpcWebHttpStatus } from "./raw-grpc-web-call.js";
import type { RawNode } from "./raw-node.js";
import { useAbuseDevnet } from "./use-abuse-devnet.js";

/** A call's expected answer: its status name and, for a refusal, the node's text. */
type Answer = { readonly code: string; readonly message?: string };

const OK: Answer = { code: "OK" };
const unauthenticated = (message: string): Answer => ({ code: "UNAUTHENTICATED", message });

describe("abuse: auth tokens", () => {
  const random = seededRandom(ABUSE_KNOBS.seed);
  let net: AbuseDevnet;
  let alice: Actor;
  let mallory: Actor;
  useAbuseDevnet(async (started, wallet) => {
    net = started;
    // Both hold credits, so a call that charged either of them, whoever the node took it for, would show.
    alice = await actorWithCredits(net, wallet, 10_000n);
    mallory = await actorWithCredits(net, wallet, 1_000n);
  });

  const books = () => net.ledger.read([], [alice.userHex, mallory.userHex]);
  const target = (node: RawNode) => ({ nodeId: node.nodeId, now: net.clock.now() });
  const other = (node: RawNode) => net.nodes[(node.index + 1) % net.nodes.length] as RawNode;

  /** Alice's quote and her paid store receipt: what a forged call tries to use on her behalf. */
  async function aliceAssets(): Promise<{ quoted: Quoted; receipt: SignedReceipt }> {
    const quoted = await requestQuote(net.leader, quoteRequests.poolStatus());
    const stored = await requestQuote(net.leader, quoteRequests.storeValues());
    return { quoted, receipt: await receiptFromBalance(net.leader, stored, alice.auth(net.leader)) };
  }

  /**
   * Sends `auth` on Membership (which needs no identity) and on the two calls that spend alice's assets —
   * a balance payment of her quote at the leader, a store with her receipt on every node — and checks
   * each answer; afterwards alice must still be able to use both, and nothing may have been stored.
   * A bad token is refused alike everywhere; only a missing one tells the two kinds of call apart.
   */
  async function expectEveryCall(
    auth: (node: RawNode) => TokenHeaders,
    expected: Answer,
    input: Record<string, unknown>,
    membership: Answer = expected,
  ): Promise<void> {
    const { quoted, receipt } = await aliceAssets();
    const before = await books();
    for (const node of net.nodes) {
      expect(
        refusalOf(await outcomeOf(node.membership.cluster({}, auth(node)))),
        label("Membership.Cluster", { ...input, node: node.index }),
      ).toEqual(membership);
      const store = node.values.storeValues(storePublicValue(receipt, alice.userBytes, 1n), auth(node));
      expect(
        refusalOf(await outcomeOf(store)),
        label("Values.StoreValues with alice's receipt", { ...input, node: node.index }),
      ).toEqual(expected);
    }
    const pay = receiptFromBalance(net.leader, quoted, auth(net.leader));
    expect(refusalOf(await outcomeOf(pay)), label("Payments.PaymentReceipt from a balance", input)).toEqual(
      expected,
    );
    expectBooks(before, await books(), {}, label("a refused token moves no credits", input));
    const id = ValuesId.fromBytes(receiptIdentifier(receipt)).toString();
    for (const node of net.nodes) {
      expect(
        await net.store(node.index).getValues(id),
        label("nothing stored for a refused token", { ...input, node: node.index }),
      ).toBeUndefined();
      const genuine = node.values.storeValues(
        storePublicValue(receipt, alice.userBytes, 1n),
        alice.auth(node),
      );
      expect(
        refusalOf(await outcomeOf(genuine)),
        label("alice's receipt still unused", { ...input, node: node.index }),
      ).toEqual(OK);
    }
    expect(
      refusalOf(await outcomeOf(receiptFromBalance(net.leader, quoted, alice.auth(net.leader)))),
      label("alice's quote still unpaid", input),
    ).toEqual(OK);
  }

  // Each forged token is refused for one reason, with the node's text for it.
  const forgeries = [
    {
      name: "an expired token is UNAUTHENTICATED on every RPC of every node",
      forgery: "expired",
      token: (node: RawNode) => forgedTokens.expired(alice.key, target(node)),
      refusal: "token is expired",
    },
    {
      name: "a token claiming alice's key but signed by mallory is UNAUTHENTICATED, and spends none of alice's credits",
      forgery: "wrong signer",
      token: (node: RawNode) => forgedTokens.wrongSigner(alice.key, mallory.key, target(node)),
      refusal: "invalid signature",
    },
    {
      name: "alice's token for another node is UNAUTHENTICATED",
      forgery: "wrong target",
      token: (node: RawNode) => forgedTokens.wrongTarget(alice.key, target(other(node))),
      refusal: "invalid token target identity",
    },
    {
      name: "the high-S twin of alice's valid signature is UNAUTHENTICATED, as k256 0.13.4 refuses it",
      forgery: "high S",
      token: (node: RawNode) => forgedTokens.highS(alice.key, target(node)),
      refusal: "invalid signature",
    },
    {
      name: "a token header over 512 characters is UNAUTHENTICATED unread",
      forgery: "513 characters",
      token: () => forgedTokens.oversized(),
      refusal: "token exceeds max length (512)",
    },
  ];
  for (const { name, forgery, token, refusal } of forgeries) {
    it(name, async () => {
      await expectEveryCall((node) => withToken(token(node)), unauthenticated(refusal), { forgery });
    });
  }

  it("a token header that is not base64, or that decodes to nothing, is UNAUTHENTICATED", async () => {
    await expectEveryCall(() => withToken("not base64!"), unauthenticated("invalid base64 encoded token"), {
      forgery: "not base64",
    });
    await expectEveryCall(
      () => withToken(""),
      unauthenticated("invalid signed token: protobuf parsing error: 'public_key' not set"),
      {
        forgery: "empty",
      },
    );
  });

  it("a binary token header is read first: a forged one is UNAUTHENTICATED even beside a valid text token", async () => {
    await expectEveryCall(
      (node) => ({
        headers: {
          [TOKEN_BINARY_HEADER]: forgedTokens.wrongSigner(alice.key, mallory.key, target(node)),
          ...alice.auth(node).headers,
        },
      }),
      unauthenticated("invalid signature"),
      { forgery: "forged binary header beside a valid text one" },
    );
  });

  it("no token: Membership answers, every call that needs an identity is PERMISSION_DENIED", async () => {
    await expectEveryCall(
      () => ({ headers: {} }),
      { code: "PERMISSION_DENIED", message: "permissions denied" },
      { forgery: "none" },
      OK,
    );
  });

  it(`${ABUSE_KNOBS.garbageTokens} seeded garbage tokens per node are each UNAUTHENTICATED`, async () => {
    for (const node of net.nodes) {
      for (const garbage of garbageTokens(random, ABUSE_KNOBS.garbageTokens, () => alice.token(node))) {
        const outcome = await outcomeOf(node.membership.cluster({}, withToken(garbage.value)));
        expect(outcome.code, label("a garbage token", { node: node.index, ...garbage })).toBe(
          "UNAUTHENTICATED",
        );
      }
    }
  });

  it("a token header sent twice (two users, or a token and garbage) is UNAUTHENTICATED, and charges neither user", async () => {
    const { quoted } = await aliceAssets();
    const before = await books();
    const request = toBinary(
      PaymentReceiptRequestSchema,
      create(PaymentReceiptRequestSchema, { signedQuote: quoted.signed, txHash: "" }),
    );
    const pairs = {
      "mallory then alice": [mallory.token(net.leader), alice.token(net.leader)],
      "alice then mallory": [alice.token(net.leader), mallory.token(net.leader)],
      "alice then garbage": [alice.token(net.leader), "!!"],
      "alice twice": [alice.token(net.leader), alice.token(net.leader)],
    };
    for (const [pair, tokens] of Object.entries(pairs)) {
      // A session of its own per call, so that no refusal can spill over into the next.
      const client = new Http2Client(net.leader.url);
      try {
        const answer = await grpcCall(client, "/nillion.payments.v1.Payments/PaymentReceipt", request, {
          "x-nillion-token": tokens,
        });
        expect(
          { code: statusName(answer.code), message: answer.message },
          label("a duplicated token header", { pair }),
        ).toEqual(unauthenticated("invalid base64 encoded token"));
      } finally {
        client.close();
      }
    }
    expectBooks(before, await books(), {}, label("duplicated token headers move no credits"));
  });

  it("a token valid for ten years is accepted, as on the reference node (no lifetime limit, no not-before)", async () => {
    const outcome = await outcomeOf(
      net.leader.payments.accountBalance(
        {},
        withToken(forgedTokens.farFuture(alice.key, target(net.leader))),
      ),
    );
    expect(refusalOf(outcome), label("a ten-year token")).toEqual(OK);
  });

  it("a token header over the transport's limit is refused there (HTTP/2 stream refused, HTTP/1.1 431), and the node serves on", async () => {
    for (const node of net.nodes) {
      const input = { node: node.index, characters: 70_000 };
      const [huge, beside] = await Promise.all([
        outcomeOf(node.membership.cluster({}, withToken("A".repeat(70_000)))),
        outcomeOf(node.membership.nodeVersion({}, alice.auth(node))),
      ]);
      expect(huge.code, label("an HTTP/2 call with a huge token header", input)).not.toBe("OK");
      expect(refusalOf(beside), label("a call beside it on the same connection", input)).toEqual(OK);
      const status = await grpcWebHttpStatus(node.url, "/nillion.membership.v1.Membership/Cluster", {
        "x-nillion-token": "A".repeat(20_000),
      });
      expect(
        status,
        label("a gRPC-web call with a 20,000-character token header", { node: node.index }),
      ).toBe(431);
      expect(
        refusalOf(await outcomeOf(node.membership.cluster({}, alice.auth(node)))),
        label("the node afterwards", { node: node.index }),
      ).toEqual(OK);
    }
  });
});
