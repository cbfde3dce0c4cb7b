// The Programs service of one node: names and hashes from the receipt, decoding, validation and audit.
import fs from "node:fs";
import path from "node:path";
import { create } from "@bufbuild/protobuf";
import { type Client, Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { createSignedToken, encodeTokenHeader, nodeIdFromPublicKey, PrivateKey } from "@nillion/crypto";
import { OperationMetadataSchema } from "@nillion/proto/nillion/payments/v1/receipt";
import { Programs } from "@nillion/proto/nillion/programs/v1/service";
import { bytesToHex } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { beforeEach, describe, expect, it } from "vitest";
import { callerInterceptor } from "../src/node/caller.js";
import { issueReceipt } from "../src/node/payments/receipts.js";
import { DEVNET_PROGRAM_LIMITS, type ProgramLimits } from "../src/node/program-audit.js";
import { receiptChecker } from "../src/node/receipt-checker.js";
import { programsService } from "../src/node/services/programs-service.js";
import { MemoryStore } from "../src/storage/memory-store.js";

const fixtures = path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada");
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(fixtures, `${name}.nada.bin`)));
const leader = PrivateKey.fromSeed("nillion-devnet:1");
const nodeId = nodeIdFromPublicKey(PrivateKey.fromSeed("nillion-devnet:0").publicKey);
const user = PrivateKey.fromSeed("program author");
let store: MemoryStore;

function clientWith(limits: ProgramLimits = DEVNET_PROGRAM_LIMITS): Client<typeof Programs> {
  const checkReceipt = receiptChecker(store, leader.publicKey, () => new Date());
  return createClient(
    Programs,
    createRouterTransport(
      (router) => router.service(Programs, programsService({ store, checkReceipt, limits })),
      {
        router: { interceptors: [callerInterceptor({ nodeId })] },
      },
    ),
  );
}

beforeEach(() => {
  store = new MemoryStore();
});

const auth = () => ({
  headers: {
    "x-nillion-token": encodeTokenHeader(createSignedToken({ signer: user, targetNodeId: nodeId })),
  },
});
const receiptFor = (name: string, digest: Uint8Array) =>
  issueReceipt(
    create(OperationMetadataSchema, {
      operation: { case: "storeProgram", value: { name, contentsSha256: digest, metadata: {} } },
    }),
    leader,
    new Date(),
  );

async function failure(promise: Promise<unknown>): Promise<[Code, string]> {
  try {
    await promise;
  } catch (error) {
    const connect = ConnectError.from(error);
    return [connect.code, connect.rawMessage];
  }
  throw new Error("expected a failure");
}

describe("Programs", () => {
  it.each(["arith_basic", "min_max", "zip_unzip", "booleans"])(
    "stores %s under <user>/<name>/sha256/<hash>",
    async (name) => {
      const program = fixture(name);
      const client = clientWith();
      const { programId } = await client.storeProgram(
        { program, signedReceipt: receiptFor(name, sha256(program)) },
        auth(),
      );
      expect(programId).toBe(`${user.userId.toHex()}/${name}/sha256/${bytesToHex(sha256(program))}`);
      expect(await store.getProgram(programId)).toEqual(program);
    },
  );

  it.each([
    ["", "empty program names are not allowed"],
    ["a".repeat(129), "program name is too long"],
    ["my program", "' ' is not allowed in program names"],
  ])("refuses the name %j", async (name, message) => {
    const program = fixture("arith_basic");
    expect(
      await failure(
        clientWith().storeProgram({ program, signedReceipt: receiptFor(name, sha256(program)) }, auth()),
      ),
    ).toEqual([Code.InvalidArgument, message]);
  });

  it("refuses a program whose hash is not the receipt's, and bytes that are no program", async () => {
    const program = fixture("arith_basic");
    const other = fixture("min_max");
    expect(
      await failure(
        clientWith().storeProgram({ program, signedReceipt: receiptFor("p", sha256(other)) }, auth()),
      ),
    ).toEqual([Code.InvalidArgument, "invalid program hash"]);
    const garbage = Uint8Array.of(0xff, 0xff, 0xff);
    expect(
      await failure(
        clientWith().storeProgram(
          { program: garbage, signedReceipt: receiptFor("p", sha256(garbage)) },
          auth(),
        ),
      ),
    ).toEqual([Code.InvalidArgument, "malformed program (invalid sdk version?)"]);
  });

  it.each([
    [
      "memory",
      { maxMemory: 7 },
      "max_memory: maximum memory limit exceeded for program, program memory is 8, maximum: 7",
    ],
    [
      "instructions",
      { maxInstructions: 4 },
      "max_instructions: maximum total amount of instructions exceeded for program, instructions: 5, maximum: 4",
    ],
  ])(
    "audits the uploaded program's own %s with the reference auditor's text",
    async (_, limits, violation) => {
      const program = fixture("arith_basic"); // memory 8, 5 instructions
      const small = clientWith({ ...DEVNET_PROGRAM_LIMITS, ...limits });
      expect(
        await failure(
          small.storeProgram({ program, signedReceipt: receiptFor("p", sha256(program)) }, auth()),
        ),
      ).toEqual([Code.InvalidArgument, `invalid program: failure in policy ${violation}`]);
    },
  );

  it("audits preprocessing per element, capping only the elements the limits name", async () => {
    const program = fixture("min_max"); // 4 COMPARE
    const signedReceipt = () => receiptFor("p", sha256(program));
    const capped = clientWith({ ...DEVNET_PROGRAM_LIMITS, maxPreprocessing: { COMPARE: 1 } });
    expect(await failure(capped.storeProgram({ program, signedReceipt: signedReceipt() }, auth()))).toEqual([
      Code.InvalidArgument,
      "invalid program: failure in policy max_preprocessing_elements[Compare]: preprocessing requirements exceeded for Compare, max: 1, actual: 4",
    ]);
    const uncapped = clientWith({ ...DEVNET_PROGRAM_LIMITS, maxPreprocessing: { MODULO: 0 } });
    await uncapped.storeProgram({ program, signedReceipt: signedReceipt() }, auth());
  });

  it("needs a caller and a receipt used once", async () => {
    const program = fixture("arith_basic");
    const signedReceipt = receiptFor("p", sha256(program));
    expect(await failure(clientWith().storeProgram({ program, signedReceipt }))).toEqual([
      Code.PermissionDenied,
      "permissions denied",
    ]);
    const client = clientWith();
    await client.storeProgram({ program, signedReceipt: receiptFor("p", sha256(program)) }, auth());
    const reused = receiptFor("q", sha256(program));
    await client.storeProgram({ program, signedReceipt: reused }, auth());
    expect(await failure(client.storeProgram({ program, signedReceipt: reused }, auth()))).toEqual([
      Code.FailedPrecondition,
      "nonce already used",
    ]);
  });
});
