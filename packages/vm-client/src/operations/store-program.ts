import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import {
  assertValidProgram,
  type CompilableProgram,
  decodeProgram,
  encodeProgram,
  isCompilableProgram,
  lowerProgram,
  programContract,
  programMetadata,
  programMetadataMessage,
} from "@nillion/nada";
import type { PriceQuoteRequestSchema } from "@nillion/proto/nillion/payments/v1/quote";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { Programs } from "@nillion/proto/nillion/programs/v1/service";
import { StoreProgramRequestSchema } from "@nillion/proto/nillion/programs/v1/store";
import {
  assertBytes,
  assertProgramName,
  bytesEqual,
  bytesToHex,
  InvalidArgumentError,
  type ProgramId,
} from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { agreed, onEveryNode } from "../fan-out.js";
import { type CallEnvironment, callNode } from "../node-call.js";
import { type PayableOperation, payableOperation } from "../operation.js";
import { receiptFor } from "../receipt-for.js";
import { assertPayloadSize, assertRequestSize, receiptAllowance } from "../request-size.js";
import type { Session } from "../session.js";

/** A program ready to upload: lowered and checked. */
export interface PreparedProgram {
  /** The bytes nodes receive: the file itself if it was already lowered, else its lowered encoding. */
  readonly upload: Uint8Array;
  readonly sha256: Uint8Array;
  readonly program: ReturnType<typeof lowerProgram>;
}

/**
 * `program` as nodes accept it. A program written with `@nillion/nada/dsl` (any {@link CompilableProgram})
 * is compiled first. A file straight from a front end (`map`, `zip`, `>=`…) is lowered as the reference
 * pre-processor does; an already lowered file is uploaded byte for byte, so its program id does not change.
 *
 * @throws {InvalidArgumentError} (`argument: "program"`) for bytes that are not a program, or a program
 * nodes would refuse (`InvalidProgramError` lists every problem)
 */
export function prepareProgram(source: Uint8Array | CompilableProgram): PreparedProgram {
  const program = isCompilableProgram(source) ? source.compile() : source;
  assertBytes(program, "program");
  let decoded: ReturnType<typeof decodeProgram>;
  try {
    decoded = decodeProgram(program);
  } catch (error) {
    // The decoder names its own parameter; here the caller's argument is the program.
    if (error instanceof InvalidArgumentError) {
      throw new InvalidArgumentError(error.message, { argument: "program", cause: error });
    }
    throw error;
  }
  assertValidProgram(decoded);
  const lowered = lowerProgram(decoded);
  const upload = lowered === decoded ? program : encodeProgram(lowered);
  return { upload, sha256: sha256(upload), program: lowered };
}

/** `VmClient.storeProgram`. */
export function storeProgram(
  session: Session,
  name: string,
  program: Uint8Array | CompilableProgram,
): PayableOperation<ProgramId> {
  let prepared: PreparedProgram | undefined;
  const prepare = (): PreparedProgram => {
    prepared ??= prepareProgram(program);
    return prepared;
  };
  return payableOperation(session, {
    name: "storeProgram",
    quoteRequest: () => {
      assertProgramName(name, "name");
      const { upload, sha256, program } = prepare();
      // The reference leader audits the program by this metadata, and refuses one over its payload limit,
      // before pricing it.
      assertPayloadSize(upload.length, "program");
      const metadata = programMetadataMessage(programMetadata(program), upload.length);
      const quoteRequest: MessageInitShape<typeof PriceQuoteRequestSchema> = {
        operation: { case: "storeProgram", value: { name, contentsSha256: sha256, metadata } },
      };
      assertRequestSize(requestSize(upload) + receiptAllowance(quoteRequest), "program");
      return quoteRequest;
    },
    run: (receipt, environment) => sendProgram(session, environment, receipt, prepare()),
  });
}

/** `VmClient.invokeStoreProgram`: the name and hash are in the receipt. */
export function invokeStoreProgram(
  session: Session,
  environment: CallEnvironment,
  receipt: SignedReceipt,
  program: Uint8Array | CompilableProgram,
): Promise<ProgramId> {
  return sendProgram(session, environment, receipt, prepareProgram(program));
}

/** The encoded size of a `StoreProgramRequest` carrying `program`, and `receipt` if given. */
function requestSize(program: Uint8Array, receipt?: SignedReceipt): number {
  const request = create(StoreProgramRequestSchema, {
    program,
    ...(receipt ? { signedReceipt: receipt } : {}),
  });
  return toBinary(StoreProgramRequestSchema, request).length;
}

async function sendProgram(
  session: Session,
  environment: CallEnvironment,
  receipt: SignedReceipt,
  prepared: PreparedProgram,
): Promise<ProgramId> {
  const paid = receiptFor(receipt, "storeProgram");
  // Nodes compare the upload with the hash the receipt names only after using the receipt up.
  if (!bytesEqual(paid.contentsSha256, prepared.sha256)) {
    throw new InvalidArgumentError(
      `"program" is not the program the receipt paid for: its SHA-256 (as uploaded) is ${bytesToHex(prepared.sha256)}, the receipt's ${bytesToHex(paid.contentsSha256)}`,
      { argument: "program" },
    );
  }
  assertRequestSize(requestSize(prepared.upload, receipt), "program");
  const answers = await onEveryNode(session.members, async ({ node, transport }) => {
    const client = createClient(Programs, transport);
    const response = await callNode(
      environment,
      { node: node.grpcEndpoint, method: "Programs/StoreProgram" },
      "consumes-receipt",
      (options) => client.storeProgram({ program: prepared.upload, signedReceipt: receipt }, options),
    );
    return { node: node.grpcEndpoint, value: response.programId };
  });
  const programId = agreed(answers, (a, b) => a === b, "the program id");
  session.contracts.set(programId, programContract(prepared.program));
  return programId;
}
