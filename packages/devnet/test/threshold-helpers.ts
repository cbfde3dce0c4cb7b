// Threshold signatures through raw node calls, as a client makes them: the built-in programs' invocations
// with the reference's party and value names, each node's answer read as it comes, ECDSA signature shares
// combined the way the client combines them (σ summed, r from any share, low-s), and every signature
// verified with @noble/curves.
import type { NamedValue } from "@nillion/proto/nillion/values/v1/value";
import { EcdsaDigestMessage, EddsaMessage, type UserId } from "@nillion/types";
import { ed25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import type { ClusterUser, Invocation } from "./compute-helpers.js";

/** `builtin/tecdsa_sign` with the key stored under `keyId`, signing `digest`, for `user`. */
export const ecdsaSigning = (keyId: Uint8Array, digest: Uint8Array, user: UserId): Invocation => ({
  programId: "builtin/tecdsa_sign",
  valueIds: [keyId],
  values: { tecdsa_digest_message: new EcdsaDigestMessage(digest) },
  inputs: { tecdsa_key_party: user, tecdsa_digest_message_party: user },
  outputs: { tecdsa_output_party: [user] },
});

/** `builtin/teddsa_sign` with the key stored under `keyId`, signing `message`, for `user`. */
export const eddsaSigning = (keyId: Uint8Array, message: Uint8Array, user: UserId): Invocation => ({
  programId: "builtin/teddsa_sign",
  valueIds: [keyId],
  values: { teddsa_message: new EddsaMessage(message) },
  inputs: { teddsa_key_party: user, teddsa_message_party: user },
  outputs: { teddsa_output_party: [user] },
});

/** `builtin/tecdsa_dkg` or `builtin/teddsa_dkg`, both outputs to `user`. */
export const keyGeneration = (prefix: "tecdsa" | "teddsa", user: UserId): Invocation => ({
  programId: `builtin/${prefix}_dkg`,
  inputs: {},
  outputs: { [`${prefix}_private_key_store_id_party`]: [user], [`${prefix}_public_key_party`]: [user] },
});

/** Each node's values for `user` (by node index); throws if a node reports anything but success. */
export async function nodeValues(user: ClusterUser, computeId: Uint8Array): Promise<NamedValue[][]> {
  const outcomes = await user.outcomes(computeId);
  return outcomes.map((state, index) => {
    if (state.case !== "success") throw new Error(`node ${index}: ${JSON.stringify(state)}`);
    return state.value.values;
  });
}

type ValueCase = NonNullable<NamedValue["value"]>["value"];
type Payload<C> = ValueCase extends infer V ? (V extends { case: C; value: infer P } ? P : never) : never;

/** The value `name` of one node's answer, which must be of wire case `wireCase`. */
export function namedValue<C extends NonNullable<ValueCase["case"]>>(
  values: readonly NamedValue[],
  name: string,
  wireCase: C,
): Payload<C> {
  const value = values.find((candidate) => candidate.name === name)?.value?.value;
  if (value?.case !== wireCase) throw new Error(`${name} is ${value?.case}, not ${wireCase}`);
  return value.value as Payload<C>;
}

const littleEndian = (bytes: Uint8Array) =>
  BigInt(`0x${Buffer.from(bytes).reverse().toString("hex") || "0"}`);

/**
 * The ECDSA signature the nodes' shares of `name` make: every node's r (which must agree), and s the sum
 * of their σ modulo n, in its low-s form. Returned in compact form (r ‖ s, 64 bytes).
 */
export function combineEcdsaShares(perNode: readonly (readonly NamedValue[])[], name: string): Uint8Array {
  const shares = perNode.map((values) => namedValue(values, name, "ecdsaSignatureShare"));
  const [first] = shares;
  if (first === undefined) throw new Error("no signature shares");
  const n = secp256k1.Point.Fn.ORDER;
  for (const share of shares) {
    if (!Buffer.from(share.r).equals(Buffer.from(first.r))) throw new Error("the nodes disagree on r");
  }
  const s = shares.reduce((sum, share) => (sum + littleEndian(share.sigma)) % n, 0n);
  return new secp256k1.Signature(littleEndian(first.r), s > n / 2n ? n - s : s).toBytes("compact");
}

/** Whether `signature` (compact) is a valid low-s ECDSA signature of the 32-byte `digest` under `publicKey`. */
export const ecdsaVerifies = (signature: Uint8Array, digest: Uint8Array, publicKey: Uint8Array) =>
  secp256k1.verify(signature, digest, publicKey, { prehash: false, lowS: true });

/** Whether `signature` is a valid Ed25519 signature of `message` under `publicKey`. */
export const eddsaVerifies = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) =>
  ed25519.verify(signature, message, publicKey);

/** A fresh Ed25519 signing scalar (32 bytes little-endian, below ℓ) and its public key. */
export function eddsaKeyPair(): { scalar: Uint8Array; publicKey: Uint8Array } {
  const order = ed25519.Point.Fn.ORDER;
  const x = (littleEndian(crypto.getRandomValues(new Uint8Array(64))) % (order - 1n)) + 1n;
  const scalar = new Uint8Array(32);
  for (let i = 0, rest = x; i < 32; i++, rest >>= 8n) scalar[i] = Number(rest & 0xffn);
  return { scalar, publicKey: ed25519.Point.BASE.multiply(x).toBytes() };
}
