// verifySignedToken against every rejection of the node's interceptor (nilvm libs/grpc-channel/src/auth.rs),
// with the node's texts and in the node's order.
import { InvalidArgumentError, UnauthenticatedError } from "@nillion/types";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import { createSignedToken } from "../src/auth/create-signed-token.js";
import { decodeSignedToken, encodeSignedToken, type SignedToken } from "../src/auth/signed-token.js";
import { encodeToken } from "../src/auth/token.js";
import { encodeTokenHeader } from "../src/auth/token-header.js";
import { type TokenRejectionReason, verifySignedToken } from "../src/auth/verify-signed-token.js";
import { Ed25519PrivateKey } from "../src/keys/ed25519-private-key.js";
import { nodeIdFromPublicKey } from "../src/keys/node-id-from-public-key.js";
import { PrivateKey } from "../src/keys/private-key.js";
import type { Signer } from "../src/keys/signer.js";
import { ProtobufWriter } from "../src/wire/protobuf.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

const nodeId = nodeIdFromPublicKey(PrivateKey.fromSeed("node-1").publicKey);
const otherNodeId = nodeIdFromPublicKey(PrivateKey.fromSeed("node-2").publicKey);
const now = new Date("2025-06-12T00:00:00.000Z");
const user = PrivateKey.fromSeed("tests");

function token(signer: Signer = user, target = nodeId): Uint8Array {
  return createSignedToken({ signer, targetNodeId: target, now });
}

/** Re-signs `serializedToken` with `signer`, so a token can carry contents createSignedToken refuses. */
function signed(serializedToken: Uint8Array, signer: Signer = user): Uint8Array {
  return encodeSignedToken({
    serializedToken,
    publicKey: { type: signer.keyType, bytes: signer.publicKey },
    signature: signer.sign(serializedToken),
  });
}

function withParts(bytes: Uint8Array, change: (parts: SignedToken) => SignedToken): Uint8Array {
  return encodeSignedToken(change(decodeSignedToken(bytes)));
}

function detailsOf(error: UnauthenticatedError): { reason?: unknown; length?: unknown; expiresAt?: unknown } {
  return error.details ?? {};
}

/** The UnauthenticatedError `run` throws, checked for its reason and node text. */
function expectRejection(
  run: () => unknown,
  reason: TokenRejectionReason,
  message: string,
): UnauthenticatedError {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(UnauthenticatedError);
  const rejection = error as UnauthenticatedError;
  expect(rejection.code).toBe("UNAUTHENTICATED");
  expect(detailsOf(rejection).reason).toBe(reason);
  expect(rejection.message).toBe(message);
  return rejection;
}

describe("verifySignedToken accepts", () => {
  it("a secp256k1 token, as raw bytes or as the base64 header, and returns what it proves", () => {
    const nonce = new Uint8Array(32).fill(7);
    const bytes = createSignedToken({ signer: user, targetNodeId: nodeId, now, nonce });
    for (const input of [bytes, encodeTokenHeader(bytes)]) {
      const verified = verifySignedToken(input, { nodeId, now });
      expect(verified.userId.toHex()).toBe("163aff316bd4247d86f73d088a620f8d77ff88b5");
      expect(verified.publicKey.type).toBe("secp256k1");
      expect(hex(verified.publicKey.bytes)).toBe(hex(user.publicKey));
      expect(verified.expiresAt.toISOString()).toBe("2025-06-12T00:01:00.000Z");
      expect(hex(verified.nonce)).toBe(hex(nonce));
    }
  });

  it("an ed25519 token, identifying the ed25519 key", () => {
    const key = Ed25519PrivateKey.generate();
    const verified = verifySignedToken(encodeTokenHeader(token(key)), { nodeId, now });
    expect(verified.publicKey.type).toBe("ed25519");
    expect(hex(verified.publicKey.bytes)).toBe(hex(key.publicKey));
    expect(verified.userId.equals(key.userId)).toBe(true);
  });

  it("a header without padding", () => {
    // SignedToken = 2 + 66 (token) + 2 + 37 (key) + 2 + 64 (signature) = 173 bytes, so one "=" of padding.
    const header = encodeTokenHeader(token());
    expect(header.endsWith("=")).toBe(true);
    const unpadded = header.replace(/=+$/, "");
    expect(verifySignedToken(unpadded, { nodeId, now }).userId.equals(user.userId)).toBe(true);
  });

  it("a token until the instant it expires (the node rejects only expires_at < now)", () => {
    const expiresAt = new Date(now.getTime() + 60_000);
    expect(verifySignedToken(token(), { nodeId, now: expiresAt }).expiresAt).toEqual(expiresAt);
  });

  it("by default, relative to the current time", () => {
    const fresh = createSignedToken({ signer: user, targetNodeId: nodeId });
    expect(verifySignedToken(fresh, { nodeId }).userId.equals(user.userId)).toBe(true);
    const stale = createSignedToken({
      signer: user,
      targetNodeId: nodeId,
      now: new Date(Date.now() - 61_000),
    });
    expectRejection(() => verifySignedToken(stale, { nodeId }), "token-expired", "token is expired");
  });
});

describe("verifySignedToken rejects", () => {
  it("a header longer than 512 characters, before decoding it", () => {
    // 512 "A"s decode to 384 zero bytes, which are not a SignedToken: the limit is inclusive.
    expectRejection(
      () => verifySignedToken("A".repeat(512), { nodeId, now }),
      "invalid-signed-token",
      "invalid signed token: protobuf parsing error: protobuf decoding failed",
    );
    const error = expectRejection(
      () => verifySignedToken("A".repeat(513), { nodeId, now }),
      "token-too-long",
      "token exceeds max length (512)",
    );
    expect(detailsOf(error).length).toBe(513);
    // Raw -bin bytes travel as unpadded base64: 384 bytes fit in 512 characters, 385 do not.
    expectRejection(
      () => verifySignedToken(new Uint8Array(385), { nodeId, now }),
      "token-too-long",
      "token exceeds max length (512)",
    );
    expectRejection(
      () => verifySignedToken(new Uint8Array(384), { nodeId, now }),
      "invalid-signed-token",
      "invalid signed token: protobuf parsing error: protobuf decoding failed",
    );
  });

  it("garbage base64", () => {
    for (const header of [
      "not base64!",
      `${encodeTokenHeader(token())}==`,
      `${encodeTokenHeader(token()).replace(/\+/g, "-").replace(/\//g, "_")}-_`,
    ]) {
      expectRejection(
        () => verifySignedToken(header, { nodeId, now }),
        "invalid-base64",
        "invalid base64 encoded token",
      );
    }
  });

  it("an undecodable SignedToken, or one without a public key", () => {
    const error = expectRejection(
      () => verifySignedToken(Uint8Array.of(0x0a, 0x05, 1), { nodeId, now }),
      "invalid-signed-token",
      "invalid signed token: protobuf parsing error: protobuf decoding failed",
    );
    expect(error.cause).toBeInstanceOf(InvalidArgumentError);
    const keyless = new ProtobufWriter()
      .bytes(1, encodeToken({ nonce: new Uint8Array(32), targetIdentity: nodeId, expiresAt: now }))
      .finish();
    expectRejection(
      () => verifySignedToken(keyless, { nodeId, now }),
      "invalid-signed-token",
      "invalid signed token: protobuf parsing error: 'public_key' not set",
    );
  });

  it("an unknown key type, the wrong key type, and a key that is not a point", () => {
    const valid = decodeSignedToken(token());
    const withKey = (keyType: number, contents: Uint8Array) =>
      new ProtobufWriter()
        .bytes(1, valid.serializedToken)
        .message(2, (key) => key.uint(1, keyType).bytes(2, contents))
        .bytes(3, valid.signature)
        .finish();
    expectRejection(
      () => verifySignedToken(withKey(2, user.publicKey), { nodeId, now }),
      "invalid-public-key",
      "invalid signed token: protobuf parsing error: invalid public key type",
    );
    // A secp256k1 key sent with key_type ED25519 (0, the default a client gets by forgetting to set it).
    expectRejection(
      () => verifySignedToken(withKey(0, user.publicKey), { nodeId, now }),
      "invalid-public-key",
      "invalid signed token: protobuf parsing error: invalid public key",
    );
    // 33 bytes with a valid prefix whose x has no point on the curve.
    let x = 0;
    const offCurve = new Uint8Array(33);
    offCurve[0] = 2;
    for (; ; x++) {
      offCurve[32] = x;
      try {
        secp256k1.Point.fromBytes(offCurve);
      } catch {
        break;
      }
    }
    expectRejection(
      () => verifySignedToken(withKey(1, offCurve), { nodeId, now }),
      "invalid-public-key",
      "invalid public key",
    );
  });

  it("a signature with one byte changed, or over a changed token, or by another key", () => {
    const bytes = token();
    for (const index of [0, 31, 32, 63]) {
      const tampered = withParts(bytes, (parts) => {
        const signature = parts.signature.slice();
        signature[index] = (signature[index] ?? 0) ^ 0x01;
        return { ...parts, signature };
      });
      expectRejection(
        () => verifySignedToken(tampered, { nodeId, now }),
        "invalid-signature",
        "invalid signature",
      );
    }
    // Flipping the token's target after signing breaks the signature before the target is even read.
    const retargeted = withParts(bytes, (parts) => ({
      ...parts,
      serializedToken: encodeToken({
        nonce: new Uint8Array(32),
        targetIdentity: otherNodeId,
        expiresAt: now,
      }),
    }));
    expectRejection(
      () => verifySignedToken(retargeted, { nodeId, now }),
      "invalid-signature",
      "invalid signature",
    );
    const stolen = withParts(bytes, (parts) => ({
      ...parts,
      publicKey: { type: "secp256k1", bytes: PrivateKey.generate().publicKey },
    }));
    expectRejection(
      () => verifySignedToken(stolen, { nodeId, now }),
      "invalid-signature",
      "invalid signature",
    );
    const short = withParts(bytes, (parts) => ({ ...parts, signature: parts.signature.subarray(0, 63) }));
    expectRejection(
      () => verifySignedToken(short, { nodeId, now }),
      "invalid-signature",
      "invalid signature",
    );
    const ed = withParts(token(Ed25519PrivateKey.generate()), (parts) => {
      const signature = parts.signature.slice();
      signature[5] = (signature[5] ?? 0) ^ 0x80;
      return { ...parts, signature };
    });
    expectRejection(() => verifySignedToken(ed, { nodeId, now }), "invalid-signature", "invalid signature");
  });

  it("the high-S twin (r, n − s) of a valid signature", () => {
    const bytes = token();
    const highS = withParts(bytes, (parts) => {
      const { r, s } = secp256k1.Signature.fromBytes(parts.signature, "compact");
      const twin = new secp256k1.Signature(r, secp256k1.Point.Fn.ORDER - s).toBytes("compact");
      // Mathematically valid, so only the low-S rule can refuse it.
      expect(secp256k1.verify(twin, parts.serializedToken, parts.publicKey.bytes, { lowS: false })).toBe(
        true,
      );
      return { ...parts, signature: twin };
    });
    expectRejection(
      () => verifySignedToken(highS, { nodeId, now }),
      "invalid-signature",
      "invalid signature",
    );
  });

  it("checks the signature before decoding the token", () => {
    const garbage = Uint8Array.of(0xff, 0xff);
    const unsigned = encodeSignedToken({
      serializedToken: garbage,
      publicKey: { type: "secp256k1", bytes: user.publicKey },
      signature: new Uint8Array(64),
    });
    expectRejection(
      () => verifySignedToken(unsigned, { nodeId, now }),
      "invalid-signature",
      "invalid signature",
    );
    expectRejection(
      () => verifySignedToken(signed(garbage), { nodeId, now }),
      "invalid-token",
      "invalid token: protobuf parsing error: protobuf decoding failed",
    );
  });

  it("a signed token whose nonce is not 32 bytes, or without target or expiry", () => {
    const target = (w: ProtobufWriter) => w.message(2, (n) => n.bytes(1, nodeId));
    const expiry = (w: ProtobufWriter) => w.message(3, (t) => t.uint(1, BigInt(now.getTime() / 1000 + 60)));
    const cases: [Uint8Array, string][] = [
      [
        expiry(target(new ProtobufWriter().bytes(1, new Uint8Array(31)))).finish(),
        "'nonce' must be 32 bytes long",
      ],
      [
        expiry(target(new ProtobufWriter().bytes(1, new Uint8Array(33).fill(1)))).finish(),
        "'nonce' must be 32 bytes long",
      ],
      [
        expiry(new ProtobufWriter().bytes(1, new Uint8Array(32).fill(1))).finish(),
        "'target_identity' not set",
      ],
      [target(new ProtobufWriter().bytes(1, new Uint8Array(32).fill(1))).finish(), "'expires_at' not set"],
      [
        target(new ProtobufWriter().bytes(1, new Uint8Array(32).fill(1)))
          .message(3, (t) => t.uint(1, 1).uint(2, BigInt.asUintN(64, -5n)))
          .finish(),
        "invalid 'expires_at' field",
      ],
    ];
    for (const [serializedToken, problem] of cases) {
      expectRejection(
        () => verifySignedToken(signed(serializedToken), { nodeId, now }),
        "invalid-token",
        `invalid token: protobuf parsing error: ${problem}`,
      );
    }
    // The same bytes with a 32-byte nonce are fine, so the nonce length is what was refused.
    const good = expiry(target(new ProtobufWriter().bytes(1, new Uint8Array(32)))).finish();
    expect(verifySignedToken(signed(good), { nodeId, now }).nonce.length).toBe(32);
  });

  it("an expired token", () => {
    const later = new Date(now.getTime() + 60_001);
    const error = expectRejection(
      () => verifySignedToken(token(), { nodeId, now: later }),
      "token-expired",
      "token is expired",
    );
    expect(detailsOf(error).expiresAt).toBe("2025-06-12T00:01:00.000Z");
  });

  it("a token for another node, checking expiry first", () => {
    expectRejection(
      () => verifySignedToken(token(user, otherNodeId), { nodeId, now }),
      "invalid-target-identity",
      "invalid token target identity",
    );
    expectRejection(
      () => verifySignedToken(token(user, otherNodeId), { nodeId, now: new Date(now.getTime() + 61_000) }),
      "token-expired",
      "token is expired",
    );
    // A target that is a prefix of the node id is not the node id.
    expectRejection(
      () => verifySignedToken(token(user, nodeId.subarray(0, 19)), { nodeId, now }),
      "invalid-target-identity",
      "invalid token target identity",
    );
  });
});

describe("verifySignedToken arguments", () => {
  it("are checked, naming the argument, with InvalidArgumentError rather than a token rejection", () => {
    const cases: [() => unknown, string][] = [
      [() => verifySignedToken(42 as never, { nodeId, now }), "input"],
      [() => verifySignedToken(token(), { nodeId: "00" as never, now }), "options.nodeId"],
      [() => verifySignedToken(token(), { nodeId, now: new Date(Number.NaN) }), "options.now"],
      [() => verifySignedToken(token(), undefined as never), "options"],
    ];
    for (const [run, argument] of cases) {
      let error: unknown;
      try {
        run();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).not.toBeInstanceOf(UnauthenticatedError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
  });
});
