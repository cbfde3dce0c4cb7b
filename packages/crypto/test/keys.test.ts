// Keys and identities: the published vectors of wire-protocol §3.3 and nilvm's own unit tests, and the
// argument checks.
import { inspect } from "node:util";
import { InvalidArgumentError, UserId } from "@nillion/types";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { Ed25519PrivateKey } from "../src/keys/ed25519-private-key.js";
import { nodeIdFromPublicKey } from "../src/keys/node-id-from-public-key.js";
import { PrivateKey } from "../src/keys/private-key.js";
import { isValidPublicKey } from "../src/keys/public-key.js";
import { userIdFromPublicKey } from "../src/keys/user-id-from-public-key.js";
import { verifySignature } from "../src/keys/verify-signature.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, "hex"));
const utf8 = (text: string) => new TextEncoder().encode(text);

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("userIdFromPublicKey", () => {
  it('matches nilvm\'s UserId::from_bytes("bob")', () => {
    expect(userIdFromPublicKey(utf8("bob")).toHex()).toBe("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
  });

  it("rejects empty and non-byte input, naming the argument", () => {
    const empty = thrown(() => userIdFromPublicKey(new Uint8Array(0)));
    expect(empty).toBeInstanceOf(InvalidArgumentError);
    expect((empty as InvalidArgumentError).argument).toBe("publicKey");
    const text = thrown(() => userIdFromPublicKey("bob" as unknown as Uint8Array));
    expect((text as InvalidArgumentError).argument).toBe("publicKey");
  });

  it("derives node ids the same way, as bytes", () => {
    const nodeId = nodeIdFromPublicKey(utf8("bob"));
    expect(nodeId).toBeInstanceOf(Uint8Array);
    expect(hex(nodeId)).toBe("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
  });
});

describe("PrivateKey (secp256k1)", () => {
  it("follows the seed vector of wire-protocol §3.3 (seed `tests`)", () => {
    const key = PrivateKey.fromSeed("tests");
    expect(key.toHex()).toBe("59830ebc3a4184110566bf1a290d08473dfdcbd492ce498b14cd1a5e2fa2e441");
    expect(hex(key.publicKey)).toBe("02678e108eff94e584b67fe0b62ecb112d649b0ecf28fcbebc843b4b49258d57c6");
    expect(key.userId).toBeInstanceOf(UserId);
    expect(key.userId.toHex()).toBe("163aff316bd4247d86f73d088a620f8d77ff88b5");
    expect(key.keyType).toBe("secp256k1");
  });

  it("signs byte-identically to nilvm's k256 key (signature_compatilibity vector)", () => {
    // nilvm libs/user-keypair/src/secp256k1.rs: try_from_seed("test").sign(&[1]).
    const expected = Uint8Array.from([
      22, 156, 180, 160, 31, 25, 179, 99, 9, 52, 138, 203, 25, 173, 189, 253, 2, 163, 23, 137, 45, 20, 202,
      173, 171, 82, 198, 145, 245, 209, 138, 14, 52, 77, 242, 21, 52, 57, 9, 196, 178, 206, 66, 105, 97, 116,
      240, 199, 105, 179, 90, 222, 145, 26, 16, 71, 246, 49, 247, 208, 22, 19, 8, 84,
    ]);
    expect(hex(PrivateKey.fromSeed("test").sign(Uint8Array.of(1)))).toBe(hex(expected));
  });

  it("signs SHA-256(message) with a 64-byte low-S compact signature", () => {
    const key = PrivateKey.generate();
    for (let i = 0; i < 16; i++) {
      const message = utf8(`message ${i}`);
      const signature = key.sign(message);
      expect(signature.length).toBe(64);
      expect(secp256k1.Signature.fromBytes(signature, "compact").hasHighS()).toBe(false);
      expect(verifySignature({ type: "secp256k1", bytes: key.publicKey }, message, signature)).toBe(true);
      // ECDSA over SHA-256(message): it verifies as a signature of that digest, not hashed again.
      expect(secp256k1.verify(signature, sha256(message), key.publicKey, { prehash: false })).toBe(true);
    }
  });

  it("round-trips through bytes and hex, and copies its input", () => {
    const key = PrivateKey.generate();
    const bytes = key.toBytes();
    expect(PrivateKey.fromBytes(bytes).userId.equals(key.userId)).toBe(true);
    expect(PrivateKey.fromHex(key.toHex().toUpperCase()).toHex()).toBe(key.toHex());
    bytes.fill(0);
    expect(key.toBytes()).not.toEqual(bytes);
    const source = PrivateKey.fromSeed("tests").toBytes();
    const copy = PrivateKey.fromBytes(source);
    source.fill(1);
    expect(copy.toHex()).toBe("59830ebc3a4184110566bf1a290d08473dfdcbd492ce498b14cd1a5e2fa2e441");
  });

  it("generates distinct keys", () => {
    expect(PrivateKey.generate().toHex()).not.toBe(PrivateKey.generate().toHex());
  });

  it("never prints the secret", () => {
    const key = PrivateKey.fromSeed("tests");
    const secret = key.toHex();
    for (const shown of [String(key), `${key}`, inspect(key), JSON.stringify(key)]) {
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(secret.slice(0, 16));
    }
    expect(String(key)).toBe("PrivateKey(secp256k1, userId 163aff316bd4247d86f73d088a620f8d77ff88b5)");
  });

  it("rejects bad secret bytes, naming the argument", () => {
    const n = secp256k1.Point.Fn.ORDER;
    const cases: [() => unknown, string][] = [
      [() => PrivateKey.fromBytes(new Uint8Array(31)), "bytes"],
      [() => PrivateKey.fromBytes(new Uint8Array(33)), "bytes"],
      [() => PrivateKey.fromBytes(new Uint8Array(32)), "bytes"], // zero
      [() => PrivateKey.fromBytes(fromHex(n.toString(16))), "bytes"], // n
      [() => PrivateKey.fromBytes("00".repeat(32) as unknown as Uint8Array), "bytes"],
      [() => PrivateKey.fromHex(`0x${"11".repeat(31)}`), "hex"],
      [() => PrivateKey.fromHex("11".repeat(31)), "hex"],
      [() => PrivateKey.fromHex("zz".repeat(32)), "hex"],
      [() => PrivateKey.fromHex("ff".repeat(32)), "hex"], // above n
      [() => PrivateKey.fromSeed(42 as unknown as string), "seed"],
    ];
    for (const [run, argument] of cases) {
      const error = thrown(run);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect((error as Error).message).toContain(`"${argument}"`);
    }
    // n − 1 is the largest valid scalar.
    expect(() => PrivateKey.fromBytes(fromHex((n - 1n).toString(16)))).not.toThrow();
  });

  it("rejects a non-byte message", () => {
    const error = thrown(() => PrivateKey.generate().sign("hi" as unknown as Uint8Array));
    expect((error as InvalidArgumentError).argument).toBe("message");
  });
});

describe("Ed25519PrivateKey", () => {
  it("signs byte-identically to nilvm's dalek key (signature_compatilibity vector)", () => {
    // nilvm libs/user-keypair/src/ed25519.rs: from_seed("test").sign(&[1]), seed = sha256("test").
    const expected = Uint8Array.from([
      12, 101, 115, 14, 187, 31, 66, 50, 107, 78, 139, 17, 70, 106, 146, 136, 233, 33, 233, 200, 141, 121,
      185, 35, 165, 112, 59, 178, 41, 234, 216, 253, 215, 94, 101, 234, 151, 121, 25, 68, 96, 125, 94, 37,
      130, 79, 94, 57, 144, 123, 221, 17, 164, 238, 217, 99, 84, 246, 21, 244, 217, 203, 139, 11,
    ]);
    const key = Ed25519PrivateKey.fromSeed("test");
    expect(key.toHex()).toBe("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    expect(hex(key.sign(Uint8Array.of(1)))).toBe(hex(expected));
  });

  it("has a 32-byte public key, a derived user id, and verifies", () => {
    const key = Ed25519PrivateKey.generate();
    expect(key.keyType).toBe("ed25519");
    expect(key.publicKey.length).toBe(32);
    expect(key.userId.equals(userIdFromPublicKey(key.publicKey))).toBe(true);
    const message = utf8("hi mom");
    const signature = key.sign(message);
    expect(signature.length).toBe(64);
    expect(verifySignature({ type: "ed25519", bytes: key.publicKey }, message, signature)).toBe(true);
    expect(verifySignature({ type: "ed25519", bytes: key.publicKey }, utf8("potato"), signature)).toBe(false);
  });

  it("round-trips through bytes and hex, and never prints the secret", () => {
    const key = Ed25519PrivateKey.generate();
    expect(Ed25519PrivateKey.fromBytes(key.toBytes()).userId.equals(key.userId)).toBe(true);
    expect(Ed25519PrivateKey.fromHex(key.toHex()).toHex()).toBe(key.toHex());
    for (const shown of [String(key), inspect(key), JSON.stringify(key)]) {
      expect(shown).not.toContain(key.toHex().slice(0, 16));
    }
    expect(String(key)).toBe(`Ed25519PrivateKey(userId ${key.userId.toHex()})`);
  });

  it("rejects bad seeds, naming the argument", () => {
    const cases: [() => unknown, string][] = [
      [() => Ed25519PrivateKey.fromBytes(new Uint8Array(31)), "bytes"],
      [() => Ed25519PrivateKey.fromBytes([1, 2] as unknown as Uint8Array), "bytes"],
      [() => Ed25519PrivateKey.fromHex("11".repeat(33)), "hex"],
      [() => Ed25519PrivateKey.fromHex("1"), "hex"],
      [() => Ed25519PrivateKey.fromSeed(undefined as unknown as string), "seed"],
    ];
    for (const [run, argument] of cases) {
      const error = thrown(run);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
  });
});

describe("verifySignature and isValidPublicKey", () => {
  const key = PrivateKey.fromSeed("tests");
  const publicKey = { type: "secp256k1", bytes: key.publicKey } as const;
  const message = utf8("hi mom");
  const signature = key.sign(message);

  it("rejects the high-S twin (r, n − s) of a valid signature, as k256 does", () => {
    const { r, s } = secp256k1.Signature.fromBytes(signature, "compact");
    const twin = new secp256k1.Signature(r, secp256k1.Point.Fn.ORDER - s).toBytes("compact");
    // The twin is a mathematically valid ECDSA signature...
    expect(secp256k1.verify(twin, message, key.publicKey, { lowS: false })).toBe(true);
    // ...that a node refuses.
    expect(verifySignature(publicKey, message, twin)).toBe(false);
    expect(verifySignature(publicKey, message, signature)).toBe(true);
  });

  it("rejects tampered signatures, wrong lengths, other keys and other schemes", () => {
    const tampered = signature.slice();
    tampered[10] = (tampered[10] ?? 0) ^ 1;
    expect(verifySignature(publicKey, message, tampered)).toBe(false);
    expect(verifySignature(publicKey, message, signature.subarray(0, 63))).toBe(false);
    expect(verifySignature(publicKey, message, Uint8Array.of(...signature, 0))).toBe(false);
    expect(
      verifySignature({ type: "secp256k1", bytes: PrivateKey.generate().publicKey }, message, signature),
    ).toBe(false);
    // The same bytes read as the other scheme are not a valid key of the right length.
    expect(verifySignature({ type: "ed25519", bytes: key.publicKey }, message, signature)).toBe(false);
    expect(verifySignature(publicKey, message, new Uint8Array(64))).toBe(false);
  });

  it("names the argument on wrong types", () => {
    const error = thrown(() => verifySignature(publicKey, message, "sig" as unknown as Uint8Array));
    expect((error as InvalidArgumentError).argument).toBe("signature");
    const badKey = thrown(() => verifySignature({ type: "rsa" } as never, message, signature));
    expect((badKey as InvalidArgumentError).argument).toBe("publicKey");
  });

  it("accepts curve points only, of the right length for their type", () => {
    expect(isValidPublicKey(publicKey)).toBe(true);
    expect(isValidPublicKey({ type: "ed25519", bytes: Ed25519PrivateKey.generate().publicKey })).toBe(true);
    expect(isValidPublicKey({ type: "secp256k1", bytes: key.publicKey.subarray(1) })).toBe(false);
    expect(isValidPublicKey({ type: "secp256k1", bytes: secp256k1.getPublicKey(key.toBytes(), false) })).toBe(
      false,
    );
    const notOnCurve = key.publicKey.slice();
    notOnCurve[0] = 0x04; // a compressed body with the uncompressed prefix
    expect(isValidPublicKey({ type: "secp256k1", bytes: notOnCurve })).toBe(false);
    expect(isValidPublicKey({ type: "secp256k1", bytes: new Uint8Array(33) })).toBe(false);
    expect(isValidPublicKey({ type: "ed25519", bytes: key.publicKey })).toBe(false);
  });
});
