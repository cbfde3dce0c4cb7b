// What the leader refuses when quoting, end to end on a running devnet with a fixed clock: a request the
// nodes would refuse once paid for (a declared program over the auditor's limits or the payload limit,
// values that would expire after the reference's calendar ends) is refused at PriceQuote, so the payer's
// balance is untouched; the request just inside each limit is paid for and served.
import fs from "node:fs";
import path from "node:path";
import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { SecretMasker } from "@nillion/crypto";
import { AddFundsPayloadSchema } from "@nillion/proto/nillion/payments/v1/balance";
import type {
  PriceQuoteRequestSchema,
  ProgramMetadataSchema,
} from "@nillion/proto/nillion/payments/v1/quote";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
import { SecretInteger } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Devnet } from "../src/index.js";
import { at, Code, failure, sharesFor, startTestDevnet, TestUser } from "./cluster-helpers.js";

const fixtures = path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada");
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(fixtures, `${name}.nada.bin`)));
const NOW = new Date("2026-11-21T12:00:00Z");
const DAY = 24 * 3600 * 1000;
/** Calendar days from NOW's date to 31 December 262142, the last date the reference can represent. */
const LAST_ACCEPTED_TTL = (Date.UTC(262142, 11, 31) - Date.UTC(2026, 10, 21)) / DAY;

type Operation = NonNullable<MessageInitShape<typeof PriceQuoteRequestSchema>["operation"]>;

let devnet: Devnet;
let user: TestUser;
beforeAll(async () => {
  devnet = await startTestDevnet({ now: () => NOW });
  user = new TestUser(devnet, { seed: "quote refusals", walletIndex: 0, now: () => NOW });
  const payload = toBinary(
    AddFundsPayloadSchema,
    create(AddFundsPayloadSchema, {
      recipient: { contents: user.userId },
      nonce: crypto.getRandomValues(new Uint8Array(32)),
    }),
  );
  const txHash = await user.payOnChain(sha256(payload), 10_000_000n);
  await user.leader.payments.addFunds({ payload, txHash });
});
afterAll(() => devnet.stop());

const balance = async () => (await user.leader.payments.accountBalance({})).balance;

/** What a client does before it sends a paid request to the nodes: a quote, paid from the balance. */
async function payFor(operation: Operation): Promise<SignedReceipt> {
  const signedQuote = await user.quote({ operation });
  return user.leader.payments.paymentReceipt({ signedQuote, txHash: "" });
}

/** The refusal of `operation`'s quote; the balance must be what it was. */
async function refusedUnpaid(operation: Operation): Promise<[Code, string]> {
  const before = await balance();
  const refusal = await failure(payFor(operation));
  expect(await balance()).toBe(before);
  return refusal;
}

describe("StoreProgram quotes", () => {
  const program = fixture("arith_basic");
  const declaring = (metadata: MessageInitShape<typeof ProgramMetadataSchema>): Operation => ({
    case: "storeProgram",
    value: { name: "arith", contentsSha256: sha256(program), metadata },
  });

  it.each([
    [
      "more memory than the auditor allows",
      { programSize: BigInt(program.length), memorySize: 50_001n },
      "processing target program failed: program audit failed: invalid program: failure in policy max_memory: maximum memory limit exceeded for program, program memory is 50001, maximum: 50000",
    ],
    [
      "more instructions than the auditor allows",
      { programSize: BigInt(program.length), instructionCount: 50_001n },
      "processing target program failed: program audit failed: invalid program: failure in policy max_instructions: maximum total amount of instructions exceeded for program, instructions: 50001, maximum: 50000",
    ],
    [
      "more truncation elements than the auditor allows",
      { programSize: BigInt(program.length), preprocessingRequirements: [{ element: 9, count: 1_001n }] },
      "processing target program failed: program audit failed: invalid program: failure in policy max_preprocessing_elements[TruncPr]: preprocessing requirements exceeded for TruncPr, max: 1000, actual: 1001",
    ],
    [
      "a program larger than the maximum payload",
      { programSize: 6n * 1024n * 1024n + 1n },
      "payload size (6291457) exceeds maximum (6291456)",
    ],
  ])("are refused, unpaid, for %s", async (_, metadata, message) => {
    expect(await refusedUnpaid(declaring(metadata))).toEqual([Code.InvalidArgument, message]);
  });

  it("at the limits are paid for, and the program is stored", async () => {
    const signedReceipt = await payFor(
      declaring({ programSize: 6n * 1024n * 1024n, memorySize: 50_000n, instructionCount: 50_000n }),
    );
    const ids = await Promise.all(
      user.nodes.map((node) => node.programs.storeProgram({ program, signedReceipt })),
    );
    expect(new Set(ids.map((id) => id.programId)).size).toBe(1);
  });
});

describe("StoreValues quotes", () => {
  const masker = () =>
    new SecretMasker({
      prime: "SAFE_256_BITS",
      degree: 1,
      parties: devnet.layout.nodes.map((n) => n.nodeId),
    });
  const store = (ttlDays: number): Operation => ({
    case: "storeValues",
    value: { secretSharedCount: 1n, ttlDays },
  });

  it("are refused, unpaid, for values that would expire after 31 December 262142", async () => {
    expect(await refusedUnpaid(store(LAST_ACCEPTED_TTL + 1))).toEqual([
      Code.InvalidArgument,
      "ttl_days is too high",
    ]);
  });

  it("for values that expire on 31 December 262142 are paid for and stored on every node", async () => {
    const signedReceipt = await payFor(store(LAST_ACCEPTED_TTL));
    const shares = masker().mask({ a: new SecretInteger(7n) });
    const me = { contents: user.userId };
    const permissions = create(PermissionsSchema, { owner: me, retrieve: [me], update: [me], delete: [me] });
    const ids = await Promise.all(
      user.nodes.map((node, index) =>
        node.values.storeValues({
          signedReceipt,
          permissions,
          values: sharesFor(shares, at(devnet.layout.nodes, index).nodeId),
        }),
      ),
    );
    expect(ids.map((id) => id.valuesId)).toEqual(Array(ids.length).fill(ids[0]?.valuesId));
  });
});
