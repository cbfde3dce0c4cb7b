// One party's piece of a value, in the shape of `nillion.values.v1.value.Value`.
//
// The shapes match protobuf-es v2 init objects field for field (camelCase names, `{ case, value }`
// oneofs, uint64 as bigint, mutable arrays as `MessageInit` wants them), so a client can pass them to
// `create(NamedValueSchema, …)` as they are and hand decoded protobuf-es messages back to the unmasker,
// without this package importing the generated code (the layer graph keeps @nillion/crypto below
// @nillion/proto). The devnet's wire-shapes test checks both directions against
// the generated types, which this package cannot see.

/** Bytes of one field element: a Shamir share, or a public integer/boolean. */
export interface WireElement {
  readonly value: Uint8Array;
}

/** The share of a threshold private key a party holds (ECDSA: secp256k1; EdDSA: Ed25519). */
export interface WireKeyShare {
  /** The party's position in ascending party-id order; proto3 omits 0 on the wire. */
  readonly i: number;
  /** The party's additive share of the key, 32 bytes little-endian. */
  readonly x: Uint8Array;
  /** The key's public point (33-byte compressed secp256k1, or 32-byte Ed25519). */
  readonly sharedPublicKey: Uint8Array;
  /** Every party's share times the generator, in party order. */
  readonly publicShares: Uint8Array[];
}

/** The `Value` oneof. */
export type WireValueCase =
  | {
      readonly case: "publicBoolean" | "publicInteger" | "publicUnsignedInteger";
      readonly value: WireElement;
    }
  | {
      readonly case: "shamirShareBoolean" | "shamirShareInteger" | "shamirShareUnsignedInteger";
      readonly value: WireElement;
    }
  | {
      readonly case: "array";
      readonly value: { readonly values: WireValue[]; readonly innerType: WireValueType };
    }
  | { readonly case: "tuple"; readonly value: { readonly left: WireValue; readonly right: WireValue } }
  | {
      readonly case: "shamirSharesBlob";
      readonly value: { readonly shares: WireElement[]; readonly originalSize: bigint };
    }
  | { readonly case: "ecdsaPrivateKeyShare" | "eddsaPrivateKeyShare"; readonly value: WireKeyShare }
  | {
      readonly case: "ecdsaSignatureShare";
      readonly value: { readonly r: Uint8Array; readonly sigma: Uint8Array };
    }
  | { readonly case: "ecdsaMessageDigest"; readonly value: { readonly digest: Uint8Array } }
  | { readonly case: "ecdsaPublicKey" | "eddsaPublicKey"; readonly value: { readonly publicKey: Uint8Array } }
  | { readonly case: "storeId"; readonly value: { readonly storeId: Uint8Array } }
  | { readonly case: "eddsaSignature"; readonly value: { readonly signature: Uint8Array } }
  | { readonly case: "eddsaMessage"; readonly value: { readonly message: Uint8Array } };

export interface WireValue {
  readonly value: WireValueCase;
}

/** `nillion.values.v1.value.NamedValue`. */
export interface WireNamedValue {
  readonly name: string;
  readonly value: WireValue;
}

/** The `ValueType` oneof (element type of an array). Its numbering differs from `Value`'s. */
export type WireValueTypeCase =
  | {
      readonly case:
        | "publicInteger"
        | "publicUnsignedInteger"
        | "publicBoolean"
        | "shamirShareInteger"
        | "shamirShareUnsignedInteger"
        | "shamirShareBoolean"
        | "ecdsaPrivateKeyShare"
        | "ecdsaMessageDigest"
        | "ecdsaSignatureShare"
        | "ecdsaPublicKey"
        | "storeId"
        | "eddsaPrivateKeyShare"
        | "eddsaSignature"
        | "eddsaMessage"
        | "eddsaPublicKey";
      readonly value: object;
    }
  | { readonly case: "array"; readonly value: { readonly innerType: WireValueType; readonly size: bigint } }
  | {
      readonly case: "tuple";
      readonly value: { readonly left: WireValueType; readonly right: WireValueType };
    };

export interface WireValueType {
  readonly valueType: WireValueTypeCase;
}

/**
 * What the unmasker accepts: the shapes above, or decoded protobuf-es messages, whose message fields
 * may be unset (`undefined`) and whose oneofs may be empty (`case: undefined`). Such gaps are reported
 * as errors rather than assumed away.
 */
export interface WireNamedValueInput {
  readonly name: string;
  readonly value?: WireValueInput | undefined;
}

/**
 * A `Value` as received. Loosely typed on purpose: a decoded message's nested fields may be unset at any
 * depth, and the unmasker checks every level itself, naming the path of whatever is missing.
 */
export interface WireValueInput {
  readonly value: { readonly case: string | undefined; readonly value?: unknown };
}
