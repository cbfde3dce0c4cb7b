// The built-in signing programs are valid lowered programs with the reference's exact parties, inputs and
// outputs, and the metadata the reference's compiler gives them.
import { programContract, programMetadata, validateProgram } from "@nillion/nada";
import { describe, expect, it } from "vitest";
import { BUILTIN_PROGRAMS } from "../src/node/compute/builtin-programs.js";

describe.each([...BUILTIN_PROGRAMS])("%s", (programId, program) => {
  it("is valid, with the reference's parties, inputs and outputs", () => {
    expect(validateProgram(program)).toEqual([]);
    const contract = programContract(program);
    const prefix = programId === "builtin/tecdsa_sign" ? "tecdsa" : "teddsa";
    const message = prefix === "tecdsa" ? "digest_message" : "message";
    expect(contract.inputParties).toEqual([`${prefix}_key_party`, `${prefix}_${message}_party`]);
    expect(contract.outputParties).toEqual([`${prefix}_output_party`]);
    expect(program.inputs.map((input) => [input.name, input.type.kind])).toEqual(
      prefix === "tecdsa"
        ? [
            ["tecdsa_private_key", "EcdsaPrivateKey"],
            ["tecdsa_digest_message", "EcdsaDigestMessage"],
          ]
        : [
            ["teddsa_private_key", "EddsaPrivateKey"],
            ["teddsa_message", "EddsaMessage"],
          ],
    );
    expect(program.outputs.map((output) => [output.name, output.type.kind])).toEqual(
      prefix === "tecdsa"
        ? [["tecdsa_signature", "EcdsaSignature"]]
        : [
            ["teddsa_signature", "EddsaSignature"],
            ["teddsa_message", "EddsaMessage"],
            ["teddsa_public_key", "EddsaPublicKey"],
          ],
    );
  });

  it("needs no preprocessing; ECDSA signing names the CGGMP21 auxiliary material", () => {
    const metadata = programMetadata(program);
    expect(metadata.preprocessing).toEqual({});
    expect(metadata.auxiliaryMaterial).toEqual(
      programId === "builtin/tecdsa_sign" ? { CGGMP21_AUXILIARY_INFO: 1 } : {},
    );
  });
});
