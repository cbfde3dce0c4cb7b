// @nillion/crypto cannot see the generated protobuf types (it sits below @nillion/proto), so this is where
// its wire shapes are checked against them: masker output goes into `create(NamedValueSchema, …)` as it
// is, and decoded messages go back into the unmasker, at the type level and at run time.
import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { type PartyShares, PrivateKey, SecretMasker, type WireNamedValueInput } from "@nillion/crypto";
import { type NamedValue, NamedValueSchema } from "@nillion/proto/nillion/values/v1/value";
import { NadaArray, NadaTuple, SecretBlob, SecretInteger, SecretUnsignedInteger } from "@nillion/types";
import { describe, expect, expectTypeOf, it } from "vitest";

const parties = [0, 1, 2].map((i) => PrivateKey.fromSeed(`shape party ${i}`).userId.bytes);

describe("masker wire shapes", () => {
  it("are protobuf-es init objects, and decoded messages are unmasker input", () => {
    expectTypeOf<PartyShares["values"][number]>().toExtend<MessageInitShape<typeof NamedValueSchema>>();
    expectTypeOf<NamedValue>().toExtend<WireNamedValueInput>();

    const masker = new SecretMasker({ prime: "SAFE_256_BITS", degree: 1, parties });
    const values = {
      a: new SecretInteger(-5n),
      list: new NadaArray([new SecretUnsignedInteger(1n), new SecretUnsignedInteger(2n)]),
      pair: new NadaTuple(new SecretInteger(3n), new SecretUnsignedInteger(4n)),
      blob: new SecretBlob(new Uint8Array([1, 2, 3])),
    };
    const decoded = masker.mask(values).map((party) => ({
      party: party.party,
      values: party.values.map((value) =>
        fromBinary(NamedValueSchema, toBinary(NamedValueSchema, create(NamedValueSchema, value))),
      ),
    }));
    expect(masker.unmask(decoded)).toEqual(values);
  });
});
