import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { PrivateKey } from "@nillion/crypto";
import {
  type PriceQuoteRequest,
  PriceQuoteRequestSchema,
  type ProgramMetadataSchema,
} from "@nillion/proto/nillion/payments/v1/quote";
import { ReceiptSchema, SignedReceiptSchema } from "@nillion/proto/nillion/payments/v1/receipt";
import { PreprocessingElement } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { issueQuote, MAX_PAYLOAD_SIZE, openQuote } from "../src/node/payments/quotes.js";
import { acceptReceipt, issueReceipt, metadataOf } from "../src/node/payments/receipts.js";

const leader = PrivateKey.fromSeed("nillion-devnet:1");
const stranger = PrivateKey.fromSeed("not the leader");
const now = new Date("2026-11-21T12:00:00Z");
const valuesId = new Uint8Array(16).fill(7);
const retrieveRequest = create(PriceQuoteRequestSchema, {
  operation: { case: "retrieveValues", value: { valuesId } },
});

async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<ConnectError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    if (error instanceof ConnectError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("quotes", () => {
  it("carry a fresh 32-byte nonce, the devnet price, the request and a 24 h expiry, signed by the leader", async () => {
    const first = openQuote(await issueQuote(retrieveRequest, { leaderKey: leader, now }), leader.publicKey);
    const second = openQuote(await issueQuote(retrieveRequest, { leaderKey: leader, now }), leader.publicKey);
    expect(first.nonce).toHaveLength(32);
    expect(first.nonce).not.toEqual(second.nonce);
    expect([first.fees?.tokens, first.fees?.credits]).toEqual([1_000_000n, 100n]);
    expect(first.request?.operation).toEqual(retrieveRequest.operation);
    expect(Number(first.expiresAt?.seconds)).toBe(now.getTime() / 1000 + 24 * 3600);
  });

  it("refuse a payload over 6 MiB and a program quote without metadata", async () => {
    const big = create(PriceQuoteRequestSchema, {
      operation: { case: "storeValues", value: { payloadSize: MAX_PAYLOAD_SIZE + 1n } },
    });
    const error = await rejection(issueQuote(big, { leaderKey: leader, now }));
    expect([error.code, error.rawMessage]).toEqual([
      Code.InvalidArgument,
      "payload size (6291457) exceeds maximum (6291456)",
    ]);
    const program = create(PriceQuoteRequestSchema, {
      operation: { case: "storeProgram", value: { name: "p" } },
    });
    expect((await rejection(issueQuote(program, { leaderKey: leader, now }))).rawMessage).toBe(
      "protobuf parsing error: 'metadata' not set",
    );
  });

  const DAY = 24 * 3600 * 1000;
  const storeProgram = (metadata: MessageInitShape<typeof ProgramMetadataSchema>) =>
    create(PriceQuoteRequestSchema, {
      operation: { case: "storeProgram", value: { name: "p", contentsSha256: new Uint8Array(32), metadata } },
    });
  const refusal = async (request: PriceQuoteRequest) => {
    const error = await rejection(issueQuote(request, { leaderKey: leader, now }));
    return [error.code, error.rawMessage];
  };
  const audit = (violation: string) => [
    Code.InvalidArgument,
    `processing target program failed: program audit failed: invalid program: ${violation}`,
  ];

  it.each([
    [
      "memory",
      { memorySize: 50_001n },
      "failure in policy max_memory: maximum memory limit exceeded for program, program memory is 50001, maximum: 50000",
    ],
    [
      "instructions",
      { memorySize: 50_000n, instructionCount: 50_001n },
      "failure in policy max_instructions: maximum total amount of instructions exceeded for program, instructions: 50001, maximum: 50000",
    ],
    [
      "compare elements",
      { preprocessingRequirements: [{ element: PreprocessingElement.COMPARE, count: 1_001n }] },
      "failure in policy max_preprocessing_elements[Compare]: preprocessing requirements exceeded for Compare, max: 1000, actual: 1001",
    ],
    [
      "division elements (listed twice: the last count holds)",
      {
        preprocessingRequirements: [
          { element: PreprocessingElement.DIVISION_SECRET_DIVISOR, count: 5n },
          { element: PreprocessingElement.DIVISION_SECRET_DIVISOR, count: 1_001n },
        ],
      },
      "failure in policy max_preprocessing_elements[DivisionIntegerSecret]: preprocessing requirements exceeded for DivisionIntegerSecret, max: 1000, actual: 1001",
    ],
  ])(
    "refuse a declared program over the auditor's limit on %s, with its text",
    async (_, metadata, violation) => {
      expect(await refusal(storeProgram(metadata))).toEqual(audit(violation));
    },
  );

  it("refuse a program larger than the maximum payload, before the audit", async () => {
    expect(await refusal(storeProgram({ programSize: MAX_PAYLOAD_SIZE + 1n, memorySize: 50_001n }))).toEqual([
      Code.InvalidArgument,
      "payload size (6291457) exceeds maximum (6291456)",
    ]);
  });

  it("accept a program at every limit, and any number of random elements (the devnet caps none)", async () => {
    const atLimits = storeProgram({
      programSize: MAX_PAYLOAD_SIZE,
      memorySize: 50_000n,
      instructionCount: 50_000n,
      preprocessingRequirements: [
        ...[2, 3, 4, 5, 7, 8, 9].map((element) => ({ element, count: 1_000n })),
        { element: PreprocessingElement.RANDOM_INTEGER, count: 1_000_000n },
        { element: PreprocessingElement.RANDOM_BOOLEAN, count: 1_000_000n },
      ],
    });
    const quote = openQuote(await issueQuote(atLimits, { leaderKey: leader, now }), leader.publicKey);
    expect(quote.request?.operation).toEqual(atLimits.operation);
  });

  it("refuse declared requirements the reference cannot parse", async () => {
    // Numbers that name no element (1 is reserved) and no material: what an older or foreign client may send.
    const unknown = 1 as never;
    expect(
      await refusal(storeProgram({ preprocessingRequirements: [{ element: unknown, count: 1n }] })),
    ).toEqual([Code.InvalidArgument, "protobuf parsing error: invalid 'element' field"]);
    expect(
      await refusal(storeProgram({ auxiliaryMaterialRequirements: [{ material: unknown, version: 0 }] })),
    ).toEqual([Code.InvalidArgument, "protobuf parsing error: invalid 'material' field"]);
  });

  it("refuse a store whose values would expire after 31 December 262142 (stricter than the reference)", async () => {
    // `now` is noon: the last accepted TTL ends at noon on the last day the reference can represent.
    const lastAccepted = (Date.UTC(262142, 11, 31) - Date.UTC(2026, 10, 21)) / DAY;
    const store = (ttlDays: number) =>
      create(PriceQuoteRequestSchema, { operation: { case: "storeValues", value: { ttlDays } } });
    const quote = openQuote(
      await issueQuote(store(lastAccepted), { leaderKey: leader, now }),
      leader.publicKey,
    );
    expect(quote.request?.operation).toEqual(store(lastAccepted).operation);
    expect(await refusal(store(lastAccepted + 1))).toEqual([Code.InvalidArgument, "ttl_days is too high"]);
    expect(await refusal(store(2 ** 32 - 1))).toEqual([Code.InvalidArgument, "ttl_days is too high"]);
  });

  it("are refused when not signed by the leader", async () => {
    const signed = await issueQuote(retrieveRequest, { leaderKey: stranger, now });
    const error = await rejection(() => openQuote(signed, leader.publicKey));
    expect([error.code, error.rawMessage]).toEqual([Code.InvalidArgument, "invalid signature"]);
  });
});

describe("receipts", () => {
  const used = new Set<string>();
  const options = {
    leaderPublicKey: leader.publicKey,
    now,
    claim: async (id: string) => {
      if (used.has(id)) return false;
      used.add(id);
      return true;
    },
  };
  const quote = async () =>
    openQuote(await issueQuote(retrieveRequest, { leaderKey: leader, now }), leader.publicKey);

  it("carry a UUIDv4 identifier and the quoted operation, and are accepted once", async () => {
    const signed = issueReceipt(metadataOf(await quote()), leader, now);
    const receipt = await acceptReceipt(signed, "retrieveValues", options);
    expect(receipt.identifier).toHaveLength(16);
    expect((receipt.identifier[6] as number) >> 4).toBe(4);
    expect(receipt.metadata?.operation).toEqual({
      case: "retrieveValues",
      value: expect.objectContaining({ valuesId }),
    });
    const again = await rejection(acceptReceipt(signed, "retrieveValues", options));
    expect([again.code, again.rawMessage]).toEqual([Code.FailedPrecondition, "nonce already used"]);
  });

  it("are refused for another operation, after being recorded as used", async () => {
    const signed = issueReceipt(metadataOf(await quote()), leader, now);
    const wrong = await rejection(acceptReceipt(signed, "storeValues", options));
    expect([wrong.code, wrong.rawMessage]).toEqual([
      Code.InvalidArgument,
      "receipt is not for a 'store values' operation",
    ]);
    expect((await rejection(acceptReceipt(signed, "retrieveValues", options))).rawMessage).toBe(
      "nonce already used",
    );
  });

  it("are refused once expired, and when not signed by the leader", async () => {
    const signed = issueReceipt(metadataOf(await quote()), leader, now);
    const later = { ...options, now: new Date(now.getTime() + 24 * 3600 * 1000 + 1000) };
    const expired = await rejection(acceptReceipt(signed, "retrieveValues", later));
    expect([expired.code, expired.rawMessage]).toEqual([Code.FailedPrecondition, "quote expired"]);
    const forged = issueReceipt(metadataOf(await quote()), stranger, now);
    expect((await rejection(acceptReceipt(forged, "retrieveValues", options))).rawMessage).toBe(
      "invalid signature",
    );
  });

  it("with an identifier that is not 16 bytes fail as the node does (INTERNAL invalid uuid)", async () => {
    const receipt = create(ReceiptSchema, {
      identifier: new Uint8Array(15),
      metadata: metadataOf(await quote()),
      expiresAt: timestampFromDate(new Date(now.getTime() + 1000)),
    });
    const bytes = toBinary(ReceiptSchema, receipt);
    const signed = create(SignedReceiptSchema, { receipt: bytes, signature: leader.sign(bytes) });
    const error = await rejection(acceptReceipt(signed, "retrieveValues", options));
    expect([error.code, error.rawMessage]).toEqual([Code.Internal, "invalid uuid"]);
    expect(fromBinary(ReceiptSchema, bytes).identifier).toHaveLength(15);
  });

  it("are required", async () => {
    const error = await rejection(acceptReceipt(undefined, "retrieveValues", options));
    expect([error.code, error.rawMessage]).toEqual([
      Code.InvalidArgument,
      "protobuf parsing error: 'signed_receipt' not set",
    ]);
  });
});
