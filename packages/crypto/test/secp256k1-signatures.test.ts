// The seed's PrivateKey surface: DER and compact ECDSA, recovery, low-S normalisation, BIP-340 Schnorr
// (against the published BIP-340 vectors) and tweaks, cross-checked with noble.
import { InvalidArgumentError } from "@nillion/types";
import { schnorr, secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { PrivateKey } from "../src/keys/private-key.js";
import {
  convertSignature,
  normalizeSignature,
  recoverPublicKey,
  verifyEcdsa,
  verifySchnorr,
} from "../src/keys/secp256k1-signatures.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, "hex"));
const utf8 = (text: string) => new TextEncoder().encode(text);
const N = secp256k1.Point.Fn.ORDER;
const scalar = (value: bigint) => fromHex(value.toString(16).padStart(64, "0"));

function thrown(run: () => unknown): InvalidArgumentError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error("expected a throw");
}

const key = PrivateKey.fromSeed("tests");
const message = utf8("hi mom");

describe("ECDSA sign and verify", () => {
  it("signs compact and DER, both the same (r, s) as noble, and both verify", () => {
    const compact = key.sign(message);
    const der = key.sign(message, { format: "der" });
    expect(hex(compact)).toBe(hex(secp256k1.sign(message, key.toBytes())));
    expect(der[0]).toBe(0x30);
    expect(hex(convertSignature(der, "der", "compact"))).toBe(hex(compact));
    expect(hex(convertSignature(compact, "compact", "der"))).toBe(hex(der));
    expect(verifyEcdsa(key.publicKey, message, compact)).toBe(true);
    expect(verifyEcdsa(key.publicKey, message, der, { format: "der" })).toBe(true);
    expect(verifyEcdsa(key.publicKey, utf8("hi dad"), compact)).toBe(false);
    expect(verifyEcdsa(PrivateKey.fromSeed("other").publicKey, message, compact)).toBe(false);
  });

  it("signs a 32-byte digest as given with prehash false, as the seed's raw=True", () => {
    const digest = sha256(message);
    const raw = key.sign(digest, { prehash: false });
    expect(hex(raw)).toBe(hex(key.sign(message)));
    expect(verifyEcdsa(key.publicKey, digest, raw, { prehash: false })).toBe(true);
    expect(thrown(() => key.sign(message, { prehash: false })).argument).toBe("message");
  });

  it("verifies under the uncompressed public key too, and says false for garbage", () => {
    const uncompressed = secp256k1.getPublicKey(key.toBytes(), false);
    expect(verifyEcdsa(uncompressed, message, key.sign(message))).toBe(true);
    expect(verifyEcdsa(new Uint8Array(33), message, key.sign(message))).toBe(false);
    expect(verifyEcdsa(key.publicKey, message, new Uint8Array(64))).toBe(false);
  });

  it("names the bad argument or option", () => {
    expect(thrown(() => key.sign("hi" as unknown as Uint8Array)).argument).toBe("message");
    expect(thrown(() => key.sign(message, { format: "pem" as "der" })).argument).toBe("options.format");
    expect(thrown(() => key.sign(message, { prehash: "yes" as unknown as boolean })).argument).toBe(
      "options.prehash",
    );
    expect(thrown(() => verifyEcdsa("02ab" as unknown as Uint8Array, message, message)).argument).toBe(
      "publicKey",
    );
    expect(thrown(() => convertSignature(new Uint8Array(10), "der", "compact")).argument).toBe("signature");
    expect(thrown(() => convertSignature(key.sign(message), "compact", "raw" as "der")).argument).toBe("to");
  });
});

describe("normalizeSignature", () => {
  it("turns a high-S signature into the low-S one that verifies, and leaves low S alone", () => {
    const low = key.sign(message);
    const s = BigInt(`0x${hex(low.slice(32))}`);
    const high = new Uint8Array([...low.slice(0, 32), ...scalar(N - s)]);
    expect(verifyEcdsa(key.publicKey, message, high)).toBe(false);
    // noble accepts the malleable twin when asked to: the two are the same signature.
    expect(secp256k1.verify(high, message, key.publicKey, { lowS: false })).toBe(true);
    const fixed = normalizeSignature(high);
    expect(fixed.normalized).toBe(true);
    expect(hex(fixed.signature)).toBe(hex(low));
    const untouched = normalizeSignature(low);
    expect(untouched.normalized).toBe(false);
    expect(hex(untouched.signature)).toBe(hex(low));
    const derHigh = convertSignature(high, "compact", "der");
    expect(hex(normalizeSignature(derHigh, "der").signature)).toBe(hex(key.sign(message, { format: "der" })));
  });
});

describe("recoverable signatures", () => {
  it("recovers the signer's compressed key, as noble does", () => {
    for (const seed of ["a", "b", "c", "d", "e", "f"]) {
      const signer = PrivateKey.fromSeed(seed);
      const signed = signer.signRecoverable(message);
      expect(signed.signature).toHaveLength(64);
      expect([0, 1]).toContain(signed.recovery);
      expect(hex(signed.signature)).toBe(hex(signer.sign(message)));
      expect(hex(recoverPublicKey(message, signed))).toBe(hex(signer.publicKey));
      const nobleRecovered = secp256k1.recoverPublicKey(
        new Uint8Array([signed.recovery, ...signed.signature]),
        message,
      );
      expect(hex(nobleRecovered)).toBe(hex(signer.publicKey));
    }
  });

  it("recovers another key for another message or the other recovery id", () => {
    const signed = key.signRecoverable(message);
    expect(hex(recoverPublicKey(utf8("hi dad"), signed))).not.toBe(hex(key.publicKey));
    const flipped = { ...signed, recovery: 1 - signed.recovery };
    expect(hex(recoverPublicKey(message, flipped))).not.toBe(hex(key.publicKey));
  });

  it("names what is wrong with the signature", () => {
    const signed = key.signRecoverable(message);
    expect(thrown(() => recoverPublicKey(message, { ...signed, recovery: 4 })).argument).toBe(
      "signature.recovery",
    );
    expect(
      thrown(() => recoverPublicKey(message, { ...signed, signature: new Uint8Array(65) })).argument,
    ).toBe("signature.signature");
    expect(thrown(() => recoverPublicKey(message, null as never)).argument).toBe("signature");
  });
});

// BIP-340 test vectors 0–3 (signing) and 4–14 (verification), from bip-0340/test-vectors.csv.
const SIGNING_VECTORS = [
  {
    secretKey: "0000000000000000000000000000000000000000000000000000000000000003",
    publicKey: "f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9",
    auxRand: "0000000000000000000000000000000000000000000000000000000000000000",
    message: "0000000000000000000000000000000000000000000000000000000000000000",
    signature:
      "e907831f80848d1069a5371b402410364bdf1c5f8307b0084c55f1ce2dca821525f66a4a85ea8b71e482a74f382d2ce5ebeee8fdb2172f477df4900d310536c0",
  },
  {
    secretKey: "b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef",
    publicKey: "dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba659",
    auxRand: "0000000000000000000000000000000000000000000000000000000000000001",
    message: "243f6a8885a308d313198a2e03707344a4093822299f31d0082efa98ec4e6c89",
    signature:
      "6896bd60eeae296db48a229ff71dfe071bde413e6d43f917dc8dcf8c78de33418906d11ac976abccb20b091292bff4ea897efcb639ea871cfa95f6de339e4b0a",
  },
  {
    secretKey: "c90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b14e5c9",
    publicKey: "dd308afec5777e13121fa72b9cc1b7cc0139715309b086c960e18fd969774eb8",
    auxRand: "c87aa53824b4d7ae2eb035a2b5bbbccc080e76cdc6d1692c4b0b62d798e6d906",
    message: "7e2d58d8b3bcdf1abadec7829054f90dda9805aab56c77333024b9d0a508b75c",
    signature:
      "5831aaeed7b44bb74e5eab94ba9d4294c49bcf2a60728d8b4c200f50dd313c1bab745879a5ad954a72c45a91c3a51d3c7adea98d82f8481e0e1e03674a6f3fb7",
  },
  {
    secretKey: "0b432b2677937381aef05bb02a66ecd012773062cf3fa2549e44f58ed2401710",
    publicKey: "25d1dff95105f5253c4022f628a996ad3a0d95fbf21d468a1b33f8c160d8f517",
    auxRand: "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    message: "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    signature:
      "7eb0509757e246f19449885651611cb965ecc1a187dd51b64fda1edc9637d5ec97582b9cb13db3933705b32ba982af5af25fd78881ebb32771fc5922efc66ea3",
  },
];

const MESSAGE_5_TO_14 = "243f6a8885a308d313198a2e03707344a4093822299f31d0082efa98ec4e6c89";
const KEY_6_TO_13 = "dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba659";
const VERIFICATION_VECTORS: {
  index: number;
  publicKey: string;
  message: string;
  signature: string;
  valid: boolean;
}[] = [
  {
    index: 4,
    publicKey: "d69c3509bb99e412e68b0fe8544e72837dfa30746d8be2aa65975f29d22dc7b9",
    message: "4df3c3f68fcc83b27e9d42c90431a72499f17875c81a599b566c9889b9696703",
    signature:
      "00000000000000000000003b78ce563f89a0ed9414f5aa28ad0d96d6795f9c6376afb1548af603b3eb45c9f8207dee1060cb71c04e80f593060b07d28308d7f4",
    valid: true,
  },
  {
    index: 5, // public key not on the curve
    publicKey: "eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34",
    message: MESSAGE_5_TO_14,
    signature:
      "6cff5c3ba86c69ea4b7376f31a9bcb4f74c1976089b2d9963da2e5543e17776969e89b4c5564d00349106b8497785dd7d1d713a8ae82b32fa79d5f7fc407d39b",
    valid: false,
  },
  {
    index: 6, // has_even_y(R) is false
    publicKey: KEY_6_TO_13,
    message: MESSAGE_5_TO_14,
    signature:
      "fff97bd5755eeea420453a14355235d382f6472f8568a18b2f057a14602975563cc27944640ac607cd107ae10923d9ef7a73c643e166be5ebeafa34b1ac553e2",
    valid: false,
  },
  {
    index: 7, // negated message
    publicKey: KEY_6_TO_13,
    message: MESSAGE_5_TO_14,
    signature:
      "1fa62e331edbc21c394792d2ab1100a7b432b013df3f6ff4f99fcb33e0e1515f28890b3edb6e7189b630448b515ce4f8622a954cfe545735aaea5134fccdb2bd",
    valid: false,
  },
  {
    index: 8, // negated s value
    publicKey: KEY_6_TO_13,
    message: MESSAGE_5_TO_14,
    signature:
      "6cff5c3ba86c69ea4b7376f31a9bcb4f74c1976089b2d9963da2e5543e177769961764b3aa9b2ffcb6ef947b6887a226e8d7c93e00c5ed0c1834ff0d0c2e6da6",
    valid: false,
  },
  {
    index: 13, // sig[32:64] is equal to curve order
    publicKey: KEY_6_TO_13,
    message: MESSAGE_5_TO_14,
    signature:
      "6cff5c3ba86c69ea4b7376f31a9bcb4f74c1976089b2d9963da2e5543e177769fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
    valid: false,
  },
  {
    index: 14, // public key exceeds the field size
    publicKey: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc30",
    message: MESSAGE_5_TO_14,
    signature:
      "6cff5c3ba86c69ea4b7376f31a9bcb4f74c1976089b2d9963da2e5543e17776969e89b4c5564d00349106b8497785dd7d1d713a8ae82b32fa79d5f7fc407d39b",
    valid: false,
  },
];

describe("BIP-340 Schnorr", () => {
  it.each(SIGNING_VECTORS.map((vector, index) => ({ index, ...vector })))(
    "signs vector $index as published",
    (vector) => {
      const signer = PrivateKey.fromHex(vector.secretKey);
      expect(hex(signer.schnorrPublicKey)).toBe(vector.publicKey);
      const signature = signer.signSchnorr(fromHex(vector.message), fromHex(vector.auxRand));
      expect(hex(signature)).toBe(vector.signature);
      expect(verifySchnorr(signer.schnorrPublicKey, fromHex(vector.message), signature)).toBe(true);
    },
  );

  it.each(VERIFICATION_VECTORS)("verifies vector $index as $valid", (vector) => {
    expect(verifySchnorr(fromHex(vector.publicKey), fromHex(vector.message), fromHex(vector.signature))).toBe(
      vector.valid,
    );
  });

  it("signs with fresh randomness when no auxRand is given, and noble verifies it", () => {
    const first = key.signSchnorr(message);
    expect(hex(first)).not.toBe(hex(key.signSchnorr(message)));
    expect(schnorr.verify(first, message, key.schnorrPublicKey)).toBe(true);
  });

  it("names a bad auxRand, message, key or signature", () => {
    expect(thrown(() => key.signSchnorr(message, new Uint8Array(31))).argument).toBe("auxRand");
    expect(thrown(() => key.signSchnorr("m" as unknown as Uint8Array)).argument).toBe("message");
    expect(thrown(() => verifySchnorr(key.publicKey, message, new Uint8Array(64))).argument).toBe(
      "publicKey",
    );
    expect(thrown(() => verifySchnorr(key.schnorrPublicKey, message, new Uint8Array(65))).argument).toBe(
      "signature",
    );
  });
});

describe("tweaks", () => {
  const secret = BigInt(`0x${key.toHex()}`);

  it("adds and multiplies modulo n, leaving the key unchanged, with public keys as noble derives them", () => {
    const tweak = 0x1234n;
    const added = key.tweakAdd(scalar(tweak));
    const multiplied = key.tweakMul(scalar(tweak));
    expect(added.toHex()).toBe(((secret + tweak) % N).toString(16).padStart(64, "0"));
    expect(multiplied.toHex()).toBe(((secret * tweak) % N).toString(16).padStart(64, "0"));
    expect(key.toHex()).toBe("59830ebc3a4184110566bf1a290d08473dfdcbd492ce498b14cd1a5e2fa2e441");
    const tweakPoint = secp256k1.Point.BASE.multiply(tweak);
    const expected = secp256k1.Point.fromBytes(key.publicKey).add(tweakPoint).toBytes(true);
    expect(hex(added.publicKey)).toBe(hex(expected));
    const scaled = secp256k1.Point.fromBytes(key.publicKey).multiply(tweak).toBytes(true);
    expect(hex(multiplied.publicKey)).toBe(hex(scaled));
  });

  it("wraps around n", () => {
    expect(key.tweakAdd(scalar(N - secret + 5n)).toHex()).toBe(hex(scalar(5n)));
  });

  it("refuses a tweak that is not a scalar or that gives the zero key", () => {
    expect(thrown(() => key.tweakAdd(new Uint8Array(31))).argument).toBe("tweak");
    expect(thrown(() => key.tweakAdd(scalar(N))).message).toMatch(/below the curve order/);
    expect(thrown(() => key.tweakAdd(scalar(N - secret))).message).toMatch(/zero key/);
    expect(thrown(() => key.tweakMul(new Uint8Array(32))).message).toMatch(/zero key/);
  });
});
