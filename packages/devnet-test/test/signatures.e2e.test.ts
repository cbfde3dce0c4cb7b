// Threshold signatures end to end, through VmClient over real sockets: the official flows (store a key,
// grant compute to the sign built-in, sign, retrieve the signature; and the Python client's DKG then
// sign), the client's generateThresholdKey / signDigest / signMessage / thresholdPublicKey, who may sign
// with a key or derive its public key (owner, granted, stranger, revoked) and who may read a generated key
// back. Every signature is verified with @noble/curves against the key's public key. The run's devnet
// (3 nodes, 256-bit prime) runs everything; devnets of other shapes — 5 nodes with T = 2, the 128- and
// 64-bit primes — generate and sign once.
import {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  EcdsaPublicKey,
  EcdsaSignature,
  EddsaMessage,
  EddsaPrivateKey,
  EddsaPublicKey,
  type EddsaSignature,
  InputPartyBinding,
  OutputPartyBinding,
  PermissionDeniedError,
  Permissions,
  PermissionsDelta,
  StoreId,
  type UserId,
} from "@nillion/types";
import type { VmClient } from "@nillion/vm-client";
import { ed25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type TestDevnet } from "../src/index.js";
import { type E2eSession, failureOf, openSession } from "./e2e-session.js";

const MESSAGE = new TextEncoder().encode("A deep message with a deep number: 42.");
const DIGEST = sha256(MESSAGE);

/** Whether `signature` is a valid low-s ECDSA signature of the 32-byte `digest` under `publicKey`. */
function ecdsaVerifies(signature: EcdsaSignature, digest: Uint8Array, publicKey: Uint8Array): boolean {
  const compact = new Uint8Array([...signature.r, ...signature.s]);
  return secp256k1.verify(compact, digest, publicKey, { prehash: false, lowS: true });
}

const eddsaVerifies = (signature: EddsaSignature, message: Uint8Array, publicKey: Uint8Array) =>
  ed25519.verify(signature.value, message, publicKey);

/** A random Ed25519 key as the threshold built-ins take it: a scalar (little-endian) and its point. */
function eddsaKeyPair(): { scalar: Uint8Array; publicKey: Uint8Array } {
  const order = ed25519.Point.Fn.ORDER;
  const wide = crypto.getRandomValues(new Uint8Array(64));
  const x = (BigInt(`0x${Buffer.from(wide).toString("hex")}`) % (order - 1n)) + 1n;
  const scalar = Buffer.from(x.toString(16).padStart(64, "0"), "hex").reverse();
  return { scalar: new Uint8Array(scalar), publicKey: ed25519.Point.BASE.multiply(x).toBytes() };
}

/** Permissions owned by `owner`, who may also compute with the values on `programId`. */
const signingPermissions = (owner: UserId, programId: string) =>
  Permissions.defaultsForUser(owner).allowCompute(owner, programId);

describe("on the run's devnet (3 nodes, 256-bit prime)", () => {
  let session: E2eSession;
  let alice: VmClient;
  beforeAll(async () => {
    session = await openSession("signatures");
    alice = await session.user({ paymentMode: "balance" });
    await alice.addFunds(50_000_000n);
  });
  afterAll(() => session.close());

  it("the official ECDSA flow: store a key, grant compute to builtin/tecdsa_sign, sign a SHA-256 digest, retrieve tecdsa_signature", async () => {
    const privateKey = secp256k1.utils.randomSecretKey();
    const keyId = await alice
      .storeValues(
        { tecdsa_private_key: new EcdsaPrivateKey(privateKey) },
        { ttlDays: 1, permissions: signingPermissions(alice.userId, "builtin/tecdsa_sign") },
      )
      .invoke();
    const me = alice.userId;
    const computeId = await alice
      .compute(
        "builtin/tecdsa_sign",
        [
          new InputPartyBinding("tecdsa_key_party", me),
          new InputPartyBinding("tecdsa_digest_message_party", me),
        ],
        [new OutputPartyBinding("tecdsa_output_party", [me])],
        { tecdsa_digest_message: new EcdsaDigestMessage(DIGEST) },
        [keyId],
      )
      .invoke();
    const results = await alice.retrieveComputeResults(computeId).invoke();
    expect(Object.keys(results)).toEqual(["tecdsa_signature"]);
    const signature = results["tecdsa_signature"];
    expect(signature).toBeInstanceOf(EcdsaSignature);
    const publicKey = secp256k1.getPublicKey(privateKey, true);
    expect(ecdsaVerifies(signature as EcdsaSignature, DIGEST, publicKey)).toBe(true);
    expect(ecdsaVerifies(signature as EcdsaSignature, sha256(new Uint8Array(1)), publicKey)).toBe(false);

    // The same key through the client's call.
    expect(ecdsaVerifies(await alice.signDigest({ keyId, digest: DIGEST }).invoke(), DIGEST, publicKey)).toBe(
      true,
    );
  });

  it("the official EdDSA flow: store a key, grant compute to builtin/teddsa_sign, sign, retrieve teddsa_signature", async () => {
    const { scalar, publicKey } = eddsaKeyPair();
    const keyId = await alice
      .storeValues(
        { teddsa_private_key: new EddsaPrivateKey(scalar) },
        { ttlDays: 1, permissions: signingPermissions(alice.userId, "builtin/teddsa_sign") },
      )
      .invoke();
    const me = alice.userId;
    const computeId = await alice
      .compute(
        "builtin/teddsa_sign",
        [new InputPartyBinding("teddsa_key_party", me), new InputPartyBinding("teddsa_message_party", me)],
        [new OutputPartyBinding("teddsa_output_party", [me])],
        { teddsa_message: new EddsaMessage(MESSAGE) },
        [keyId],
      )
      .invoke();
    const results = await alice.retrieveComputeResults(computeId).invoke();
    expect(results["teddsa_message"]).toEqual(new EddsaMessage(MESSAGE));
    expect(results["teddsa_public_key"]).toEqual(new EddsaPublicKey(publicKey));
    expect(eddsaVerifies(results["teddsa_signature"] as EddsaSignature, MESSAGE, publicKey)).toBe(true);

    expect(
      eddsaVerifies(await alice.signMessage({ keyId, message: MESSAGE }).invoke(), MESSAGE, publicKey),
    ).toBe(true);
  });

  it("the Python client's flow: DKG with builtin/tecdsa_dkg, its store id as the key's value id, sign", async () => {
    const me = alice.userId;
    const dkg = await alice
      .compute(
        "builtin/tecdsa_dkg",
        [],
        [
          new OutputPartyBinding("tecdsa_private_key_store_id_party", [me]),
          new OutputPartyBinding("tecdsa_public_key_party", [me]),
        ],
        {},
        [],
      )
      .invoke();
    const generated = await alice.retrieveComputeResults(dkg).invoke();
    const storeId = generated["tecdsa_store_id"];
    expect(storeId).toBeInstanceOf(StoreId);
    const publicKey = generated["tecdsa_public_key"]?.value as Uint8Array;
    expect([0x02, 0x03]).toContain(publicKey[0]);
    const computeId = await alice
      .compute(
        "builtin/tecdsa_sign",
        [
          new InputPartyBinding("tecdsa_key_party", me),
          new InputPartyBinding("tecdsa_digest_message_party", me),
        ],
        [new OutputPartyBinding("tecdsa_output_party", [me])],
        { tecdsa_digest_message: new EcdsaDigestMessage(DIGEST) },
        [(storeId as StoreId).uuid],
      )
      .invoke();
    const { tecdsa_signature } = await alice.retrieveComputeResults(computeId).invoke();
    expect(ecdsaVerifies(tecdsa_signature as EcdsaSignature, DIGEST, publicKey)).toBe(true);
  });

  it("generateThresholdKey and signDigest: two signatures of one digest use different nonces, and both verify", async () => {
    const { keyId, publicKey, curve } = await alice.generateThresholdKey({ curve: "ecdsa" }).invoke();
    expect(curve).toBe("ecdsa");
    const first = await alice.signDigest({ keyId, digest: DIGEST }).invoke();
    const second = await alice.signDigest({ keyId: keyId.toString(), digest: DIGEST }).invoke();
    expect(first.r).not.toEqual(second.r);
    expect(ecdsaVerifies(first, DIGEST, publicKey.value)).toBe(true);
    expect(ecdsaVerifies(second, DIGEST, publicKey.value)).toBe(true);
  });

  it("generateThresholdKey and signMessage with an Ed25519 key", async () => {
    const { keyId, publicKey } = await alice.generateThresholdKey({ curve: "eddsa" }).invoke();
    expect(publicKey).toBeInstanceOf(EddsaPublicKey);
    const signature = await alice.signMessage({ keyId, message: MESSAGE }).invoke();
    expect(eddsaVerifies(signature, MESSAGE, publicKey.value)).toBe(true);
    expect(eddsaVerifies(signature, new Uint8Array([1]), publicKey.value)).toBe(false);
  });

  it("thresholdPublicKey gives the public key of an imported and of a generated ECDSA key", async () => {
    const privateKey = secp256k1.utils.randomSecretKey();
    const imported = await alice
      .storeValues(
        { tecdsa_private_key: new EcdsaPrivateKey(privateKey) },
        { ttlDays: 1, permissions: signingPermissions(alice.userId, "builtin/tecdsa_sign") },
      )
      .invoke();
    const generated = await alice.generateThresholdKey({ curve: "ecdsa" }).invoke();
    const [importedKey, generatedKey] = await Promise.all([
      alice.thresholdPublicKey({ keyId: imported, curve: "ecdsa" }).invoke(),
      alice.thresholdPublicKey({ keyId: generated.keyId, curve: "ecdsa" }).invoke(),
    ]);
    expect(importedKey).toEqual(new EcdsaPublicKey(secp256k1.getPublicKey(privateKey, true)));
    expect(generatedKey).toEqual(generated.publicKey);
    // The derived key is what signDigest checks its signature against.
    const signature = await alice
      .signDigest({ keyId: imported, digest: DIGEST, publicKey: importedKey })
      .invoke();
    expect(ecdsaVerifies(signature, DIGEST, importedKey.value)).toBe(true);
  });

  it("thresholdPublicKey gives the public key of an imported and of a generated EdDSA key", async () => {
    const { scalar, publicKey } = eddsaKeyPair();
    const imported = await alice
      .storeValues(
        { teddsa_private_key: new EddsaPrivateKey(scalar) },
        { ttlDays: 1, permissions: signingPermissions(alice.userId, "builtin/teddsa_sign") },
      )
      .invoke();
    const generated = await alice.generateThresholdKey({ curve: "eddsa" }).invoke();
    expect(await alice.thresholdPublicKey({ keyId: imported, curve: "eddsa" }).invoke()).toEqual(
      new EddsaPublicKey(publicKey),
    );
    expect(await alice.thresholdPublicKey({ keyId: generated.keyId, curve: "eddsa" }).invoke()).toEqual(
      generated.publicKey,
    );
  });

  it("refuses a 31-byte digest before anything is quoted or paid", async () => {
    const before = { payments: session.payer.payments.length, balance: (await alice.balance()).balance };
    const error = await failureOf(
      alice
        .signDigest({ keyId: "123e4567-e89b-42d3-a456-426614174000", digest: DIGEST.subarray(1) })
        .invoke(),
    );
    expect((error as { argument?: string }).argument).toBe("digest");
    expect(session.payer.payments.length).toBe(before.payments);
    expect((await alice.balance()).balance).toBe(before.balance);
  });

  describe.each(["ecdsa", "eddsa"] as const)("who may sign with a generated %s key", (curve) => {
    let bob: VmClient;
    let carol: VmClient;
    const builtin = curve === "ecdsa" ? "builtin/tecdsa_sign" : "builtin/teddsa_sign";
    beforeAll(async () => {
      bob = await session.user({ paymentMode: "balance", keyType: "ed25519" });
      carol = await session.user({ paymentMode: "balance" });
      await bob.addFunds(10_000_000n);
      await carol.addFunds(10_000_000n);
    });

    const sign = (client: VmClient, keyId: string, publicKey: Uint8Array) =>
      curve === "ecdsa"
        ? client
            .signDigest({ keyId, digest: DIGEST })
            .invoke()
            .then((signature) => ecdsaVerifies(signature, DIGEST, publicKey))
        : client
            .signMessage({ keyId, message: MESSAGE })
            .invoke()
            .then((signature) => eddsaVerifies(signature, MESSAGE, publicKey));

    it("the owner; a user granted compute on the sign built-in, until it is revoked; never a stranger", async () => {
      const key = await alice.generateThresholdKey({ curve }).invoke();
      const keyId = key.keyId.toString();
      const publicKey = key.publicKey.value;
      expect(await sign(alice, keyId, publicKey)).toBe(true);
      expect(await failureOf(sign(bob, keyId, publicKey))).toBeInstanceOf(PermissionDeniedError);

      await alice.updatePermissions(keyId, new PermissionsDelta().grantCompute(bob.userId, builtin)).invoke();
      expect(await sign(bob, keyId, publicKey)).toBe(true);
      expect(await failureOf(sign(carol, keyId, publicKey))).toBeInstanceOf(PermissionDeniedError);

      await alice
        .updatePermissions(keyId, new PermissionsDelta().revokeCompute(bob.userId, builtin))
        .invoke();
      expect(await failureOf(sign(bob, keyId, publicKey))).toBeInstanceOf(PermissionDeniedError);
      expect(await sign(alice, keyId, publicKey)).toBe(true);
    });

    it("a user granted compute on the sign built-in derives the public key; a stranger is refused", async () => {
      const key = await alice.generateThresholdKey({ curve }).invoke();
      await alice
        .updatePermissions(key.keyId, new PermissionsDelta().grantCompute(bob.userId, builtin))
        .invoke();
      expect(await bob.thresholdPublicKey({ keyId: key.keyId, curve }).invoke()).toEqual(key.publicKey);
      expect(await failureOf(carol.thresholdPublicKey({ keyId: key.keyId, curve }).invoke())).toBeInstanceOf(
        PermissionDeniedError,
      );
    });

    it("only its owner may read the key shares back, and only the owner may change who signs", async () => {
      const key = await alice.generateThresholdKey({ curve }).invoke();
      // The reference lets the owner retrieve the value set, which rebuilds the key in the owner's client.
      const retrieved = await alice.retrieveValues(key.keyId).invoke();
      expect(Object.keys(retrieved)).toEqual([
        curve === "ecdsa" ? "tecdsa_private_key" : "teddsa_private_key",
      ]);
      const secret = Object.values(retrieved)[0]?.value as Uint8Array;
      const derived =
        curve === "ecdsa"
          ? secp256k1.getPublicKey(secret, true)
          : ed25519.Point.BASE.multiply(
              BigInt(`0x${Buffer.from(secret).reverse().toString("hex")}`),
            ).toBytes();
      expect(derived).toEqual(key.publicKey.value);
      const permissions = await alice.retrievePermissions(key.keyId).invoke();
      expect(permissions.owner.equals(alice.userId)).toBe(true);
      expect(permissions.retrieve.map(String)).toEqual([String(alice.userId)]);
      expect(permissions.compute.map(({ user, programIds }) => [String(user), [...programIds]])).toEqual([
        [String(alice.userId), [builtin]],
      ]);
      for (const stranger of [bob, carol]) {
        expect(await failureOf(stranger.retrieveValues(key.keyId).invoke())).toBeInstanceOf(
          PermissionDeniedError,
        );
        expect(
          await failureOf(
            stranger
              .updatePermissions(key.keyId, new PermissionsDelta().grantCompute(stranger.userId, builtin))
              .invoke(),
          ),
        ).toBeInstanceOf(PermissionDeniedError);
      }
    });
  });
});

// Other cluster shapes: a key generated and used once per curve on each.
const SHAPES = [
  { nodeCount: 5, polynomialDegree: 2, primeBits: 256 },
  { nodeCount: 3, polynomialDegree: 1, primeBits: 128 },
  { nodeCount: 3, polynomialDegree: 1, primeBits: 64 },
] as const;

describe.each(SHAPES)(
  "$nodeCount nodes, T = $polynomialDegree, $primeBits-bit prime",
  ({ nodeCount, polynomialDegree, primeBits }) => {
    let devnet: TestDevnet;
    let session: E2eSession;
    let user: VmClient;
    beforeAll(async () => {
      devnet = await startDevnet({ nodeCount, polynomialDegree, primeBits, envFile: false });
      const wallet = devnet.fundedKeys[0];
      if (wallet === undefined) throw new Error("the devnet has no funded key");
      session = await openSession({ network: devnet.network, walletKey: wallet.privateKey });
      user = await session.user({ paymentMode: "balance" });
      await user.addFunds(10_000_000n);
    }, 60_000);
    afterAll(async () => {
      session?.close();
      await devnet?.stop();
    });

    it("a generated ECDSA key signs a digest, and an imported one too", async () => {
      expect(user.cluster.members).toHaveLength(nodeCount);
      const { keyId, publicKey } = await user.generateThresholdKey({ curve: "ecdsa" }).invoke();
      expect(
        ecdsaVerifies(await user.signDigest({ keyId, digest: DIGEST }).invoke(), DIGEST, publicKey.value),
      ).toBe(true);
      const privateKey = secp256k1.utils.randomSecretKey();
      const imported = await user
        .storeValues(
          { tecdsa_private_key: new EcdsaPrivateKey(privateKey) },
          { ttlDays: 1, permissions: signingPermissions(user.userId, "builtin/tecdsa_sign") },
        )
        .invoke();
      const signature = await user.signDigest({ keyId: imported, digest: DIGEST }).invoke();
      expect(ecdsaVerifies(signature, DIGEST, secp256k1.getPublicKey(privateKey, true))).toBe(true);
    });

    it("a generated EdDSA key signs a message", async () => {
      const { keyId, publicKey } = await user.generateThresholdKey({ curve: "eddsa" }).invoke();
      expect(
        eddsaVerifies(await user.signMessage({ keyId, message: MESSAGE }).invoke(), MESSAGE, publicKey.value),
      ).toBe(true);
    });
  },
);
