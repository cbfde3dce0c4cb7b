import {
  bigIntToBytes,
  bytesToBigInt,
  createSignedToken,
  decodeSignedToken,
  encodeSignedToken,
  encodeToken,
  encodeTokenHeader,
  MAX_TOKEN_HEADER_LENGTH,
  type PrivateKey,
} from "@nillion/crypto";
import type { SeededRandom } from "../support/seeded-random.js";

// secp256k1's group order: s and n − s verify alike under plain ECDSA.
const ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const TEN_YEARS_S = 10 * 365 * 24 * 3600;

/** What every forgery is made for: the node it targets and the node's current time. */
export interface ForgeryTarget {
  readonly nodeId: Uint8Array;
  readonly now: Date;
}

/**
 * `x-nillion-token` values an attacker can build, each refused for one reason (wire-protocol.md §3.2) —
 * except `farFuture`, which the reference accepts (it has no upper bound on a token's lifetime).
 */
export const forgedTokens = {
  /** Signed by `key`, but expired one second before the node's clock. */
  expired(key: PrivateKey, target: ForgeryTarget): string {
    return encodeTokenHeader(
      createSignedToken({
        signer: key,
        targetNodeId: target.nodeId,
        now: new Date(target.now.getTime() - 61_000),
        ttlSeconds: 60,
      }),
    );
  },

  /** Valid for ten years: no not-before, no lifetime limit on the reference node. */
  farFuture(key: PrivateKey, target: ForgeryTarget): string {
    return encodeTokenHeader(
      createSignedToken({
        signer: key,
        targetNodeId: target.nodeId,
        now: target.now,
        ttlSeconds: TEN_YEARS_S,
      }),
    );
  },

  /** Claims `victim`'s public key (and so its user id), signed by `attacker`. */
  wrongSigner(victim: PrivateKey, attacker: PrivateKey, target: ForgeryTarget): string {
    const serializedToken = encodeToken({
      nonce: crypto.getRandomValues(new Uint8Array(32)),
      targetIdentity: target.nodeId,
      expiresAt: new Date(target.now.getTime() + 60_000),
    });
    return encodeTokenHeader(
      encodeSignedToken({
        serializedToken,
        publicKey: { type: "secp256k1", bytes: victim.publicKey },
        signature: attacker.sign(serializedToken),
      }),
    );
  },

  /** A valid token for another node: replaying a token captured on its way to `other`. */
  wrongTarget(key: PrivateKey, other: ForgeryTarget): string {
    return encodeTokenHeader(createSignedToken({ signer: key, targetNodeId: other.nodeId, now: other.now }));
  },

  /** The high-S twin (s → n − s) of a valid signature: valid ECDSA, refused by k256 since 0.13.2. */
  highS(key: PrivateKey, target: ForgeryTarget): string {
    const token = decodeSignedToken(
      createSignedToken({ signer: key, targetNodeId: target.nodeId, now: target.now }),
    );
    const s = bytesToBigInt(token.signature.subarray(32), "be");
    const signature = Uint8Array.from(token.signature);
    signature.set(bigIntToBytes(ORDER - s, 32, "be"), 32);
    return encodeTokenHeader(encodeSignedToken({ ...token, signature }));
  },

  /** One character over the node's limit, refused before it is decoded. */
  oversized(): string {
    return "A".repeat(MAX_TOKEN_HEADER_LENGTH + 1);
  },
};

/**
 * `count` garbage header values from `random`: random printable text, base64 of random bytes, and valid
 * tokens truncated or with one byte flipped. None may authenticate anyone.
 */
export function garbageTokens(
  random: SeededRandom,
  count: number,
  validToken: () => string,
): { readonly kind: GarbageKind; readonly value: string }[] {
  return Array.from({ length: count }, () => {
    const kind = random.pick(GARBAGE_KINDS);
    return { kind, value: GARBAGE[kind](random, validToken) };
  });
}

const GARBAGE_KINDS = ["text", "base64", "truncated", "flipped"] as const;

export type GarbageKind = (typeof GARBAGE_KINDS)[number];

const GARBAGE: Record<GarbageKind, (random: SeededRandom, validToken: () => string) => string> = {
  text: (random) =>
    String.fromCharCode(...Array.from({ length: 1 + random.int(80) }, () => 0x21 + random.int(94))),
  base64: (random) => Buffer.from(random.bytes(1 + random.int(300))).toString("base64"),
  truncated: (random, validToken) => {
    const token = Buffer.from(validToken(), "base64");
    return token.subarray(0, random.int(token.length)).toString("base64");
  },
  flipped: (random, validToken) => {
    const token = Buffer.from(validToken(), "base64");
    const at = random.int(token.length);
    token[at] = (token[at] as number) ^ (1 + random.int(255));
    return token.toString("base64");
  },
};
