// The contracts of the programs nodes ship with (nilvm node/builtin-programs/*.py and the DKG handlers),
// so computations on them are checked before paying like those of uploaded programs.
import type { ContractValue, ProgramContract, ScalarTypeName } from "@nillion/nada";
import type { ProgramId } from "@nillion/types";

const value = (name: string, kind: ScalarTypeName, party: string): ContractValue =>
  Object.freeze({ name, type: Object.freeze({ kind }), party });

/** A contract whose input and output parties are those owning its inputs and outputs. */
function contract(
  parties: readonly string[],
  inputs: readonly ContractValue[],
  outputs: readonly ContractValue[],
): ProgramContract {
  const owning = (values: readonly ContractValue[]) =>
    Object.freeze(parties.filter((party) => values.some((entry) => entry.party === party)));
  return Object.freeze({
    parties: Object.freeze([...parties]),
    inputParties: owning(inputs),
    outputParties: owning(outputs),
    inputs: Object.freeze([...inputs]),
    outputs: Object.freeze([...outputs]),
  });
}

// Key generation takes no inputs and gives a store id and a public key to two parties. A store id has no
// Nada type, so the outputs themselves are not listed; the parties are what the node checks.
function keyGeneration(prefix: "tecdsa" | "teddsa"): ProgramContract {
  const parties = [`${prefix}_private_key_store_id_party`, `${prefix}_public_key_party`];
  return Object.freeze({ ...contract(parties, [], []), outputParties: Object.freeze(parties) });
}

/** The built-in programs, by id. */
export const BUILTIN_CONTRACTS: ReadonlyMap<ProgramId, ProgramContract> = new Map([
  [
    "builtin/tecdsa_sign",
    contract(
      ["tecdsa_key_party", "tecdsa_digest_message_party", "tecdsa_output_party"],
      [
        value("tecdsa_private_key", "EcdsaPrivateKey", "tecdsa_key_party"),
        value("tecdsa_digest_message", "EcdsaDigestMessage", "tecdsa_digest_message_party"),
      ],
      [value("tecdsa_signature", "EcdsaSignature", "tecdsa_output_party")],
    ),
  ],
  [
    "builtin/teddsa_sign",
    contract(
      ["teddsa_key_party", "teddsa_message_party", "teddsa_output_party"],
      [
        value("teddsa_private_key", "EddsaPrivateKey", "teddsa_key_party"),
        value("teddsa_message", "EddsaMessage", "teddsa_message_party"),
      ],
      [
        value("teddsa_signature", "EddsaSignature", "teddsa_output_party"),
        value("teddsa_message", "EddsaMessage", "teddsa_output_party"),
        value("teddsa_public_key", "EddsaPublicKey", "teddsa_output_party"),
      ],
    ),
  ],
  ["builtin/tecdsa_dkg", keyGeneration("tecdsa")],
  ["builtin/teddsa_dkg", keyGeneration("teddsa")],
]);
