import { Code, ConnectError } from "@connectrpc/connect";
import { PrimeField } from "@nillion/crypto";
import type { NamedValue, Value } from "@nillion/proto/nillion/values/v1/value";

/**
 * Checks the values a client sends to this node before anything is stored: names unique and non-empty,
 * every value set, and every field element (shares, public integers, blob chunks) exactly the width of the
 * cluster prime — so a malformed share is refused with INVALID_ARGUMENT instead of corrupting a record.
 */
export function checkValues(values: readonly NamedValue[], prime: number): void {
  if (values.length === 0) throw new ConnectError("no values provided", Code.InvalidArgument);
  const width = PrimeField.of(prime).byteLength;
  const names = new Set<string>();
  for (const { name, value } of values) {
    if (name === "") throw invalid("a value has no name");
    if (names.has(name)) throw invalid(`duplicate value: ${name}`);
    names.add(name);
    checkValue(value, width, name);
  }
}

function checkValue(value: Value | undefined, width: number, path: string): void {
  const c = value?.value;
  switch (c?.case) {
    case undefined:
      throw invalid(`'${path}' has no value`);
    case "publicBoolean":
    case "publicInteger":
    case "publicUnsignedInteger":
    case "shamirShareBoolean":
    case "shamirShareInteger":
    case "shamirShareUnsignedInteger":
      if (c.value.value.length !== width)
        throw invalid(`'${path}': invalid value length ${c.value.value.length}, expected ${width}`);
      return;
    case "shamirSharesBlob":
      for (const [i, share] of c.value.shares.entries()) {
        if (share.value.length !== width)
          throw invalid(
            `'${path}' chunk ${i}: invalid value length ${share.value.length}, expected ${width}`,
          );
      }
      return;
    case "array":
      if (!c.value.innerType) throw invalid(`'${path}': array without an element type`);
      for (const [i, element] of c.value.values.entries()) checkValue(element, width, `${path}[${i}]`);
      return;
    case "tuple":
      checkValue(c.value.left, width, `${path}.left`);
      checkValue(c.value.right, width, `${path}.right`);
      return;
    case "ecdsaPrivateKeyShare":
    case "eddsaPrivateKeyShare":
      if (c.value.x.length !== 32)
        throw invalid(`'${path}': key share of ${c.value.x.length} bytes, expected 32`);
      return;
    case "ecdsaSignatureShare":
      if (c.value.r.length !== 32 || c.value.sigma.length !== 32)
        throw invalid(`'${path}': signature share components must be 32 bytes`);
      return;
    case "ecdsaMessageDigest":
      if (c.value.digest.length !== 32)
        throw invalid(`'${path}': digest of ${c.value.digest.length} bytes, expected 32`);
      return;
    case "ecdsaPublicKey":
      if (c.value.publicKey.length !== 33)
        throw invalid(`'${path}': public key of ${c.value.publicKey.length} bytes, expected 33`);
      return;
    case "eddsaPublicKey":
      if (c.value.publicKey.length !== 32)
        throw invalid(`'${path}': public key of ${c.value.publicKey.length} bytes, expected 32`);
      return;
    case "storeId":
      if (c.value.storeId.length !== 16)
        throw invalid(`'${path}': store id of ${c.value.storeId.length} bytes, expected 16`);
      return;
    case "eddsaSignature":
      if (c.value.signature.length !== 64)
        throw invalid(`'${path}': signature of ${c.value.signature.length} bytes, expected 64`);
      return;
    case "eddsaMessage":
      return;
  }
}

function invalid(problem: string): ConnectError {
  return new ConnectError(`invalid values: ${problem}`, Code.InvalidArgument);
}
