// Byte layouts of Token and SignedToken (nillion/auth/v1/token.proto), checked against hand-assembled
// hex, plus the decoders' node-compatible rules and the token header's base64.
import { InvalidArgumentError } from "@nillion/types";
import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64 } from "../src/auth/base64.js";
import { createSignedToken } from "../src/auth/create-signed-token.js";
import { decodeSignedToken, encodeSignedToken } from "../src/auth/signed-token.js";
import { dateFromTimestamp } from "../src/auth/timestamp.js";
import { decodeToken, encodeToken } from "../src/auth/token.js";
import {
  encodeTokenHeader,
  MAX_TOKEN_HEADER_LENGTH,
  TOKEN_BINARY_HEADER,
  TOKEN_HEADER,
} from "../src/auth/token-header.js";
import { Ed25519PrivateKey } from "../src/keys/ed25519-private-key.js";
import { PrivateKey } from "../src/keys/private-key.js";
import { ProtobufWriter } from "../src/wire/protobuf.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const fromHex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s+/g, ""), "hex"));

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

const nonce = Uint8Array.from({ length: 32 }, (_, i) => i); // 00 01 … 1f
const target = Uint8Array.from({ length: 20 }, (_, i) => 0xa0 + i); // a0 a1 … b3
const expiresAt = new Date("2025-06-12T00:00:00.250Z"); // seconds 1749686400, nanos 250000000

// Token { 1: nonce, 2: NodeId { 1: contents }, 3: Timestamp { 1: seconds, 2: nanos } }, assembled by hand.
const TOKEN_HEX = [
  "0a20", // field 1, length-delimited, 32 bytes
  hex(nonce),
  "1216", // field 2, length-delimited, 22 bytes: the NodeId message
  "0a14", //   NodeId field 1, 20 bytes
  hex(target),
  "1a0b", // field 3, length-delimited, 11 bytes: the Timestamp message
  "08", //   Timestamp field 1 (varint): 1749686400 = 0x684a1880 → 7-bit groups, low first
  "80b1a8c206",
  "10", //   Timestamp field 2 (varint): 250000000 = 0x0ee6b280
  "80e59a77",
].join("");

// The same token signed by PrivateKey.fromSeed("tests"). The signature is RFC 6979 deterministic; the
// whole SignedToken was also decoded with @bufbuild/protobuf against the generated nillion.auth.v1 schema.
const SIGNATURE_HEX =
  "7b899ca8a03ece20fec6ed4fd543b5e5462acdda307d61aea89236fa3778268b56ca79854c11fa6fbc5fb3b6667139cebc2bec77efa34db3271ed3a5bfb74555";
const SECP256K1_KEY_HEX = "02678e108eff94e584b67fe0b62ecb112d649b0ecf28fcbebc843b4b49258d57c6";
const SIGNED_TOKEN_HEX = [
  "0a47", // field 1: serialized_token, 71 bytes
  TOKEN_HEX,
  "1225", // field 2: PublicKey, 37 bytes
  "0801", //   key_type = SECP256K1 (1)
  "1221", //   contents, 33 bytes
  SECP256K1_KEY_HEX,
  "1a40", // field 3: signature, 64 bytes
  SIGNATURE_HEX,
].join("");

describe("Token encoding", () => {
  it("matches the hand-assembled layout", () => {
    expect(hex(encodeToken({ nonce, targetIdentity: target, expiresAt }))).toBe(TOKEN_HEX);
  });

  it("round-trips, with millisecond precision", () => {
    const token = decodeToken(fromHex(TOKEN_HEX));
    expect(hex(token.nonce)).toBe(hex(nonce));
    expect(hex(token.targetIdentity)).toBe(hex(target));
    expect(token.expiresAt.toISOString()).toBe("2025-06-12T00:00:00.250Z");
  });

  it("omits zero nanos and encodes a pre-1970 expiry as a negative int64", () => {
    const whole = encodeToken({ nonce, targetIdentity: target, expiresAt: new Date("2025-06-12T00:00:00Z") });
    expect(hex(whole).endsWith("1a06" + "08" + "80b1a8c206")).toBe(true);
    // -1.5 s = seconds -2 + 500000000 nanos; -2 as int64 is a 10-byte varint, so 17 bytes in all.
    const early = encodeToken({ nonce, targetIdentity: target, expiresAt: new Date(-1500) });
    expect(hex(early).endsWith("1a11" + "08" + "feffffffffffffffff01" + "10" + "80cab5ee01")).toBe(true);
    expect(decodeToken(early).expiresAt.getTime()).toBe(-1500);
  });

  it("names the offending field when encoding", () => {
    const cases: [unknown, string][] = [
      [{ nonce: nonce.subarray(1), targetIdentity: target, expiresAt }, "token.nonce"],
      [{ nonce, targetIdentity: "a0", expiresAt }, "token.targetIdentity"],
      [{ nonce, targetIdentity: target, expiresAt: new Date(Number.NaN) }, "token.expiresAt"],
      [{ nonce, targetIdentity: target, expiresAt: 5 }, "token.expiresAt"],
      [null, "token"],
    ];
    for (const [token, argument] of cases) {
      const error = thrown(() => encodeToken(token as never));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
  });

  it("reports the node's texts for invalid tokens", () => {
    const nodeId = (w: ProtobufWriter) => w.message(2, (n) => n.bytes(1, target));
    const expiry = (w: ProtobufWriter) => w.message(3, (t) => t.uint(1, 1749686400));
    const cases: [Uint8Array, string][] = [
      [fromHex("0a"), "protobuf decoding failed"],
      [
        nodeId(expiry(new ProtobufWriter().bytes(1, nonce.subarray(1)))).finish(),
        "'nonce' must be 32 bytes long",
      ],
      [expiry(new ProtobufWriter().bytes(1, nonce)).finish(), "'target_identity' not set"],
      [nodeId(new ProtobufWriter().bytes(1, nonce)).finish(), "'expires_at' not set"],
      [
        nodeId(new ProtobufWriter().bytes(1, nonce))
          .message(3, (t) => t.uint(1, 1).uint(2, BigInt.asUintN(64, -1n)))
          .finish(),
        "invalid 'expires_at' field",
      ],
    ];
    for (const [bytes, problem] of cases) {
      const error = thrown(() => decodeToken(bytes));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toBe(`invalid Token: ${problem}`);
    }
  });

  it("decodes like prost: last scalar wins, split messages merge, unknown fields are skipped", () => {
    const bytes = new ProtobufWriter()
      .bytes(1, new Uint8Array(32).fill(9))
      .bytes(1, nonce) // a repeated scalar: the last one counts
      .message(2, (n) => n.bytes(1, target))
      .message(3, (t) => t.uint(1, 1749686400)) // one Timestamp in two parts, merged
      .message(3, (t) => t.uint(2, 250_000_000))
      .string(15, "unknown field")
      .finish();
    const token = decodeToken(bytes);
    expect(hex(token.nonce)).toBe(hex(nonce));
    expect(token.expiresAt.toISOString()).toBe("2025-06-12T00:00:00.250Z");
    // A known field on the wrong wire type fails the whole decode.
    const wrongWireType = new ProtobufWriter().uint(1, 5).finish();
    expect((thrown(() => decodeToken(wrongWireType)) as Error).message).toBe(
      "invalid Token: protobuf decoding failed",
    );
  });

  it("validates timestamps as chrono does", () => {
    expect(dateFromTimestamp({ seconds: 0n, nanos: 999_999_999 })?.getTime()).toBe(999);
    expect(dateFromTimestamp({ seconds: 0n, nanos: -1 })).toBeUndefined();
    // nanos ≥ 1e9 only on a leap second (second 59 of a minute), ordered before the next second.
    expect(dateFromTimestamp({ seconds: 59n, nanos: 1_500_000_000 })?.getTime()).toBe(59_999);
    expect(dateFromTimestamp({ seconds: 58n, nanos: 1_500_000_000 })).toBeUndefined();
    expect(dateFromTimestamp({ seconds: 59n, nanos: 2_000_000_000 })).toBeUndefined();
    expect(dateFromTimestamp({ seconds: 8_210_266_876_799n, nanos: 0 })).toBeDefined();
    expect(dateFromTimestamp({ seconds: 8_210_266_876_800n, nanos: 0 })).toBeUndefined();
    expect(dateFromTimestamp({ seconds: -8_334_601_228_800n, nanos: 0 })).toBeDefined();
    expect(dateFromTimestamp({ seconds: -8_334_601_228_801n, nanos: 0 })).toBeUndefined();
  });
});

describe("SignedToken encoding", () => {
  const secp = PrivateKey.fromSeed("tests");

  it("matches the hand-assembled layout for secp256k1 (key_type 1 present)", () => {
    const token = fromHex(TOKEN_HEX);
    const signature = secp.sign(token);
    const bytes = encodeSignedToken({
      serializedToken: token,
      publicKey: { type: "secp256k1", bytes: secp.publicKey },
      signature,
    });
    expect(hex(signature)).toBe(SIGNATURE_HEX);
    expect(hex(bytes)).toBe(SIGNED_TOKEN_HEX);
  });

  it("omits key_type for ed25519, the proto3 default", () => {
    const key = Ed25519PrivateKey.fromSeed("test");
    const token = fromHex(TOKEN_HEX);
    const signature = key.sign(token);
    const bytes = encodeSignedToken({
      serializedToken: token,
      publicKey: { type: "ed25519", bytes: key.publicKey },
      signature,
    });
    const expected = ["0a47", TOKEN_HEX, "1222", "1220", hex(key.publicKey), "1a40", hex(signature)].join("");
    expect(hex(bytes)).toBe(expected);
    expect(ed25519.verify(signature, token, key.publicKey)).toBe(true);
  });

  it("round-trips", () => {
    const bytes = createSignedToken({
      signer: secp,
      targetNodeId: target,
      nonce,
      now: new Date(expiresAt.getTime() - 60_000),
    });
    const decoded = decodeSignedToken(bytes);
    expect(hex(decoded.serializedToken)).toBe(TOKEN_HEX);
    expect(decoded.publicKey.type).toBe("secp256k1");
    expect(hex(decoded.publicKey.bytes)).toBe(SECP256K1_KEY_HEX);
    expect(decoded.signature.length).toBe(64);
  });

  it("reports the node's texts for invalid signed tokens", () => {
    const key33 = secp.publicKey;
    const cases: [Uint8Array, string][] = [
      [fromHex("ff"), "protobuf decoding failed"],
      [
        new ProtobufWriter().bytes(1, fromHex(TOKEN_HEX)).bytes(3, new Uint8Array(64)).finish(),
        "'public_key' not set",
      ],
      [
        new ProtobufWriter().message(2, (k) => k.uint(1, 2).bytes(2, key33)).finish(),
        "invalid public key type",
      ],
      // ED25519 (0, omitted) with a 33-byte secp256k1 key: the wrong key type for these bytes.
      [new ProtobufWriter().message(2, (k) => k.bytes(2, key33)).finish(), "invalid public key"],
      [
        new ProtobufWriter().message(2, (k) => k.uint(1, 1).bytes(2, key33.subarray(1))).finish(),
        "invalid public key",
      ],
    ];
    for (const [bytes, problem] of cases) {
      expect((thrown(() => decodeSignedToken(bytes)) as Error).message).toBe(
        `invalid SignedToken: ${problem}`,
      );
    }
    // prost reads an enum as the low 32 bits of the varint: 2^32 + 1 is SECP256K1.
    const wide = new ProtobufWriter().message(2, (k) => k.uint(1, 2n ** 32n + 1n).bytes(2, key33)).finish();
    expect(decodeSignedToken(wide).publicKey.type).toBe("secp256k1");
  });
});

describe("createSignedToken", () => {
  const signer = PrivateKey.fromSeed("tests");

  it("builds the expected bytes from a fixed nonce and clock", () => {
    const bytes = createSignedToken({
      signer,
      targetNodeId: target,
      nonce,
      now: new Date("2025-06-11T23:59:00.250Z"),
    });
    expect(hex(bytes)).toBe(SIGNED_TOKEN_HEX);
  });

  it("defaults to a 60-second lifetime and a fresh random nonce", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const a = decodeToken(
      decodeSignedToken(createSignedToken({ signer, targetNodeId: target, now })).serializedToken,
    );
    const b = decodeToken(
      decodeSignedToken(createSignedToken({ signer, targetNodeId: target, now })).serializedToken,
    );
    expect(a.expiresAt.toISOString()).toBe("2030-01-01T00:01:00.000Z");
    expect(a.nonce.length).toBe(32);
    expect(hex(a.nonce)).not.toBe(hex(b.nonce));
    const later = decodeToken(
      decodeSignedToken(createSignedToken({ signer, targetNodeId: target, now, ttlSeconds: 1.5 }))
        .serializedToken,
    );
    expect(later.expiresAt.toISOString()).toBe("2030-01-01T00:00:01.500Z");
  });

  it("names the offending parameter", () => {
    const cases: [unknown, string][] = [
      [{ signer, targetNodeId: new Uint8Array(0) }, "targetNodeId"],
      [{ signer, targetNodeId: "a0a1" }, "targetNodeId"],
      [{ signer, targetNodeId: target, ttlSeconds: 0 }, "ttlSeconds"],
      [{ signer, targetNodeId: target, ttlSeconds: Number.POSITIVE_INFINITY }, "ttlSeconds"],
      [{ signer, targetNodeId: target, ttlSeconds: "60" }, "ttlSeconds"],
      [{ signer, targetNodeId: target, nonce: nonce.subarray(1) }, "nonce"],
      [{ signer, targetNodeId: target, now: new Date(Number.NaN) }, "now"],
      [{ signer: { sign: () => new Uint8Array(64) }, targetNodeId: target }, "signer"],
      [{ signer: "key", targetNodeId: target }, "signer"],
      [
        {
          signer: { keyType: "secp256k1", publicKey: new Uint8Array(32), sign: () => new Uint8Array(64) },
          targetNodeId: target,
        },
        "signer.publicKey",
      ],
      [
        { signer: { ...signerLike(signer), sign: () => new Uint8Array(63) }, targetNodeId: target },
        "signer.sign(…)",
      ],
      [undefined, "parameters"],
    ];
    for (const [parameters, argument] of cases) {
      const error = thrown(() => createSignedToken(parameters as never));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
  });
});

function signerLike(key: PrivateKey) {
  return { keyType: key.keyType, publicKey: key.publicKey, sign: (message: Uint8Array) => key.sign(message) };
}

describe("token header", () => {
  it("is standard base64 with padding, as btoa", () => {
    for (let length = 0; length < 12; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + 251) & 0xff);
      expect(encodeTokenHeader(bytes)).toBe(Buffer.from(bytes).toString("base64"));
      expect(hex(decodeBase64(encodeTokenHeader(bytes)) ?? fromHex("ff"))).toBe(hex(bytes));
    }
    expect(encodeBase64(Uint8Array.of(0xfb, 0xff))).toBe("+/8=");
    expect(TOKEN_HEADER).toBe("x-nillion-token");
    expect(TOKEN_BINARY_HEADER).toBe("x-nillion-token-bin");
    expect(MAX_TOKEN_HEADER_LENGTH).toBe(512);
    expect((thrown(() => encodeTokenHeader("x" as never)) as InvalidArgumentError).argument).toBe(
      "signedToken",
    );
  });

  it("decodes as the node does: standard alphabet, padding optional but never misplaced", () => {
    const accepted: [string, string][] = [
      ["aGkgbW9t", "hi mom"], // nilvm's b64_decoding cases
      ["aGkgbW9tISE=", "hi mom!!"],
      ["aGkgbW9tIQ==", "hi mom!"],
      ["aGkgbW9tISE", "hi mom!!"],
      ["aGkgbW9tIQ", "hi mom!"],
      ["aGkgbW9tIQ=", "hi mom!"], // partial padding: the Rust crate's "indifferent" mode allows it
      ["", ""],
    ];
    for (const [text, plain] of accepted) {
      expect(new TextDecoder().decode(decodeBase64(text) ?? fromHex("ff"))).toBe(plain);
    }
    const refused = [
      "aGkgbW9tIQ===", // more padding than the quad has room for
      "aGkgbW9t=", // padding after a full quad
      "aGkgbW9tI", // a single dangling symbol
      "aGkgbW9tIR==", // non-zero trailing bits (R = 17 sets bits beyond the byte)
      "aGkg bW9t", // whitespace
      "aGkg-W9t", // URL-safe alphabet
      "aGk=gbW9t", // padding in the middle
      "aGkgbW9té",
    ];
    for (const text of refused) {
      expect(decodeBase64(text), text).toBeUndefined();
    }
    // 7 symbols carry 5 bytes and 2 spare bits, which must be zero: "9" = 0b111101 sets one, "8" does not.
    expect(decodeBase64("aGkgbW9")).toBeUndefined();
    expect(hex(decodeBase64("aGkgbW8") ?? fromHex("ff"))).toBe("6869206d6f");
  });
});
