import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  assertValidProgram,
  decodeProgram,
  lowerProgram,
  programMetadata,
  programMetadataMessage,
} from "@nillion/nada";
import type { ProgramMetadata } from "@nillion/proto/nillion/payments/v1/quote";
import type { Programs } from "@nillion/proto/nillion/programs/v1/service";
import { bytesEqual, formatProgramId } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import type { NodeStore } from "../../storage/node-store.js";
import { requireCaller } from "../caller.js";
import { DEVNET_PROGRAM_LIMITS, type ProgramLimits, programAuditViolation } from "../program-audit.js";
import type { ReceiptChecker } from "../receipt-checker.js";

/** The node's program-name rule: 1–128 characters of this alphabet. */
const NAME_ALPHABET = /^[A-Za-z0-9+.:_-]$/u;
const MAX_NAME_LENGTH = 128;

export interface ProgramsServiceOptions {
  readonly store: NodeStore;
  readonly checkReceipt: ReceiptChecker;
  readonly limits?: ProgramLimits;
}

/**
 * `nillion.programs.v1.Programs` on one node (wire-protocol.md §6.7): the name and SHA-256 come from the
 * receipt and are checked against the upload; the program is decoded, validated with the node's rules,
 * measured (by `@nillion/nada`) and audited against the devnet limits, as the leader audited the metadata
 * the quote declared; its id is `<user>/<name>/sha256/<hash>`.
 *
 * @example
 * ```ts
 * router.service(Programs, programsService({ store, checkReceipt }));
 * ```
 */
export function programsService(options: ProgramsServiceOptions): ServiceImpl<typeof Programs> {
  const limits = options.limits ?? DEVNET_PROGRAM_LIMITS;
  return {
    async storeProgram(request, context) {
      const caller = requireCaller(context);
      // The program alone decides whether it passes the audit, so a refused one leaves the receipt unused.
      audit(request.program, limits);
      const receipt = await options.checkReceipt(request.signedReceipt, "storeProgram");
      const quote =
        receipt.metadata?.operation.case === "storeProgram" ? receipt.metadata.operation.value : undefined;
      const name = quote?.name ?? "";
      checkName(name);
      const digest = quote?.contentsSha256 ?? new Uint8Array();
      if (!bytesEqual(sha256(request.program), digest))
        throw new ConnectError("invalid program hash", Code.InvalidArgument);
      const programId = formatProgramId(caller, name, digest);
      // The id pins the contents' hash, so storing the same program twice is the same upsert.
      await options.store.createProgram(programId, request.program);
      return { programId };
    },
  };
}

function checkName(name: string): void {
  if (name.length === 0) throw new ConnectError("empty program names are not allowed", Code.InvalidArgument);
  if (name.length > MAX_NAME_LENGTH) throw new ConnectError("program name is too long", Code.InvalidArgument);
  for (const c of name) {
    if (!NAME_ALPHABET.test(c))
      throw new ConnectError(`'${c}' is not allowed in program names`, Code.InvalidArgument);
  }
}

/** Decodes, lowers, validates and measures a program; refuses what the node's auditor would. */
function audit(bytes: Uint8Array, limits: ProgramLimits): void {
  let metadata: ProgramMetadata;
  try {
    const program = decodeProgram(bytes);
    const lowered = lowerProgram(program);
    assertValidProgram(lowered);
    metadata = programMetadataMessage(programMetadata(lowered), bytes.length);
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith("malformed program")) {
      throw new ConnectError("malformed program (invalid sdk version?)", Code.InvalidArgument);
    }
    throw new ConnectError(`invalid program: ${message}`, Code.InvalidArgument);
  }
  const violation = programAuditViolation(metadata, limits);
  if (violation !== undefined) throw new ConnectError(`invalid program: ${violation}`, Code.InvalidArgument);
}
