import type { NadaValue, NadaValues } from "@nillion/types";
import { PrimeField } from "../prime-field.js";
import type { PrimeName } from "../primes.js";

/** The counts a store-values price quote asks for (`PriceQuoteRequest.store_values`). */
export interface ValueClassification {
  /** Shamir-shared elements: one per secret integer or boolean, one per blob chunk. */
  readonly secretShared: number;
  /** Values copied to every node: public integers and booleans, and the public byte types. */
  readonly publicValues: number;
  readonly ecdsaPrivateKeyShares: number;
  readonly ecdsaSignatureShares: number;
}

/**
 * Counts values the way the node prices them. Arrays and tuples count their elements; EdDSA private
 * keys are counted nowhere, as in the reference.
 *
 * @example
 * classifyValues({ a: new SecretInteger(1n), b: new Integer(2n) }, "SAFE_256_BITS");
 * // { secretShared: 1, publicValues: 1, ecdsaPrivateKeyShares: 0, ecdsaSignatureShares: 0 }
 */
export function classifyValues(values: NadaValues, prime: PrimeName | number): ValueClassification {
  const chunk = PrimeField.of(prime).blobChunkSize;
  const counts = { secretShared: 0, publicValues: 0, ecdsaPrivateKeyShares: 0, ecdsaSignatureShares: 0 };
  const visit = (value: NadaValue): void => {
    switch (value.type) {
      case "SecretInteger":
      case "SecretUnsignedInteger":
      case "SecretBoolean":
        counts.secretShared += 1;
        return;
      case "SecretBlob":
        counts.secretShared += Math.ceil(value.value.length / chunk);
        return;
      case "EcdsaPrivateKey":
        counts.ecdsaPrivateKeyShares += 1;
        return;
      case "EcdsaSignature":
        counts.ecdsaSignatureShares += 1;
        return;
      case "EddsaPrivateKey":
        return;
      case "Array":
        for (const element of value.value) visit(element);
        return;
      case "Tuple":
        visit(value.left);
        visit(value.right);
        return;
      default:
        counts.publicValues += 1;
    }
  };
  for (const value of Object.values(values)) visit(value);
  return counts;
}
