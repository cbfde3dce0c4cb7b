// The programs every node has without an upload (node-mpc.md §1.4, §7): the threshold signing programs,
// with the reference's exact party, input and output names, and the two key generations, which are no
// programs at all but computations of their own kind.
import type { NadaProgram, NadaType, Operation } from "@nillion/nada";
import { ComputeType } from "@nillion/proto/nillion/compute/v1/stream";

/** Program id of the built-in ECDSA signing program. */
export const TECDSA_SIGN = "builtin/tecdsa_sign";
/** Program id of the built-in EdDSA signing program. */
export const TEDDSA_SIGN = "builtin/teddsa_sign";

/**
 * One of the two key generations: its program id, the curve, how its messages are marked on
 * `StreamCompute`, the names of its two output parties, its outputs and the key value it stores, and the
 * signing program the key may be used with.
 */
export interface KeyGenerationProgram {
  readonly programId: string;
  readonly curve: "secp256k1" | "ed25519";
  readonly computeType: ComputeType;
  readonly storeIdParty: string;
  readonly publicKeyParty: string;
  readonly storeIdOutput: string;
  readonly publicKeyOutput: string;
  /** The name of the stored key share: the signing program's key input. */
  readonly keyName: string;
  readonly signProgramId: string;
}

const keyGeneration = (
  prefix: "tecdsa" | "teddsa",
  curve: KeyGenerationProgram["curve"],
  computeType: ComputeType,
  signProgramId: string,
): KeyGenerationProgram => ({
  programId: `builtin/${prefix}_dkg`,
  curve,
  computeType,
  storeIdParty: `${prefix}_private_key_store_id_party`,
  publicKeyParty: `${prefix}_public_key_party`,
  storeIdOutput: `${prefix}_store_id`,
  publicKeyOutput: `${prefix}_public_key`,
  keyName: `${prefix}_private_key`,
  signProgramId,
});

/** `builtin/tecdsa_dkg` and `builtin/teddsa_dkg`, by program id. */
export const KEY_GENERATIONS: ReadonlyMap<string, KeyGenerationProgram> = new Map(
  [
    keyGeneration("tecdsa", "secp256k1", ComputeType.ECDSA_DKG, TECDSA_SIGN),
    keyGeneration("teddsa", "ed25519", ComputeType.EDDSA_DKG, TEDDSA_SIGN),
  ].map((program) => [program.programId, program]),
);

/** An operation without its id and source reference, which {@link builtin} assigns. */
type Draft = Operation extends infer O
  ? O extends Operation
    ? Omit<O, "id" | "sourceRefIndex">
    : never
  : never;

// A lowered program of `operations` (ids in order), every element pointing at one source reference that
// names the program.
function builtin(
  programId: string,
  parts: Pick<NadaProgram, "parties" | "inputs" | "outputs"> & { readonly operations: readonly Draft[] },
): NadaProgram {
  return {
    parties: parts.parties,
    inputs: parts.inputs,
    literals: [],
    outputs: parts.outputs,
    operations: parts.operations.map((draft, id) => ({ ...draft, id, sourceRefIndex: 0 }) as Operation),
    functions: [],
    sourceFiles: {},
    sourceRefs: [{ file: programId, line: 1, offset: 0, length: 0 }],
  };
}

const party = (name: string) => ({ name, sourceRefIndex: 0 });
const input = (name: string, kind: NadaType["kind"], of: string) => ({
  name,
  type: { kind } as NadaType,
  party: of,
  doc: "",
  sourceRefIndex: 0,
});
const output = (name: string, operationId: number, kind: NadaType["kind"], to: string) => ({
  name,
  operationId,
  party: to,
  type: { kind } as NadaType,
  sourceRefIndex: 0,
});

/** `key.ecdsa_sign(digest)`: the reference's `tecdsa_sign.py`. */
const TECDSA_SIGN_PROGRAM = builtin(TECDSA_SIGN, {
  parties: [party("tecdsa_key_party"), party("tecdsa_digest_message_party"), party("tecdsa_output_party")],
  inputs: [
    input("tecdsa_private_key", "EcdsaPrivateKey", "tecdsa_key_party"),
    input("tecdsa_digest_message", "EcdsaDigestMessage", "tecdsa_digest_message_party"),
  ],
  operations: [
    { kind: "inputReference", input: "tecdsa_private_key", type: { kind: "EcdsaPrivateKey" } },
    { kind: "inputReference", input: "tecdsa_digest_message", type: { kind: "EcdsaDigestMessage" } },
    { kind: "ecdsaSign", left: 0, right: 1, type: { kind: "EcdsaSignature" } },
  ],
  outputs: [output("tecdsa_signature", 2, "EcdsaSignature", "tecdsa_output_party")],
});

/** `key.eddsa_sign(message)`, with the message and the public key: the reference's `teddsa_sign.py`. */
const TEDDSA_SIGN_PROGRAM = builtin(TEDDSA_SIGN, {
  parties: [party("teddsa_key_party"), party("teddsa_message_party"), party("teddsa_output_party")],
  inputs: [
    input("teddsa_private_key", "EddsaPrivateKey", "teddsa_key_party"),
    input("teddsa_message", "EddsaMessage", "teddsa_message_party"),
  ],
  operations: [
    { kind: "inputReference", input: "teddsa_private_key", type: { kind: "EddsaPrivateKey" } },
    { kind: "publicKeyDerive", operand: 0, type: { kind: "EddsaPublicKey" } },
    { kind: "inputReference", input: "teddsa_message", type: { kind: "EddsaMessage" } },
    { kind: "eddsaSign", left: 0, right: 2, type: { kind: "EddsaSignature" } },
  ],
  outputs: [
    output("teddsa_signature", 3, "EddsaSignature", "teddsa_output_party"),
    output("teddsa_message", 2, "EddsaMessage", "teddsa_output_party"),
    output("teddsa_public_key", 1, "EddsaPublicKey", "teddsa_output_party"),
  ],
});

/** The built-in signing programs, by program id. */
export const BUILTIN_PROGRAMS: ReadonlyMap<string, NadaProgram> = new Map([
  [TECDSA_SIGN, TECDSA_SIGN_PROGRAM],
  [TEDDSA_SIGN, TEDDSA_SIGN_PROGRAM],
]);
