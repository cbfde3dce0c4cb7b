// Threshold keys and signatures through VmClient against the in-memory cluster: what generateThresholdKey,
// signDigest and signMessage send (the built-ins' exact parties, names and bindings), that each is one
// quote, one payment and one computation, that ECDSA signature shares come back as one standard low-s
// signature that @noble/curves verifies, and that shares which do not fit together are a typed error.
import type { WireNamedValue } from "@nillion/crypto";
import type { InvokeComputeRequest } from "@nillion/proto/nillion/compute/v1/invoke";
import type { PriceQuoteRequest } from "@nillion/proto/nillion/payments/v1/quote";
import {
  EcdsaPublicKey,
  EcdsaSignature,
  EddsaMessage,
  EddsaPublicKey,
  EddsaSignature,
  InternalError,
  InvalidArgumentError,
  StoreId,
  ValuesId,
} from "@nillion/types";
import { ed25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { connect } from "./connect.js";
import type { FakeCluster } from "./fake-cluster.js";

const N = secp256k1.Point.Fn.ORDER;
const KEY_ID = "123e4567-e89b-42d3-a456-426614174000";
const be32 = (value: bigint) => Uint8Array.from(Buffer.from(value.toString(16).padStart(64, "0"), "hex"));
const compact = (signature: EcdsaSignature) => new Uint8Array([...signature.r, ...signature.s]);

/** What the cluster has been asked and paid so far. */
function spending(cluster: FakeCluster) {
  return {
    quotes: cluster.callsOf("PriceQuote").length,
    payments: cluster.payer.payments.length,
    computes: cluster.callsOf("InvokeCompute").length,
  };
}

/** Each node's InvokeCompute request, as a plain summary of what it names. */
function invocations(cluster: FakeCluster) {
  return cluster.requestsOf<InvokeComputeRequest>("InvokeCompute").map((request) => ({
    valueIds: request.valueIds.map((bytes) => ValuesId.fromBytes(bytes).toString()),
    inputs: request.inputBindings.map((binding) => [binding.partyName, binding.user?.contents]),
    outputs: request.outputBindings.map((binding) => [
      binding.partyName,
      binding.users.map((user) => user.contents),
    ]),
    values: request.values.map((value) => [value.name, value.value?.value.case]),
  }));
}

const quotedProgram = (cluster: FakeCluster) => {
  const operation = cluster.requestsOf<PriceQuoteRequest>("PriceQuote").at(-1)?.operation;
  return operation?.case === "invokeCompute" ? operation.value.programId : undefined;
};

describe("generateThresholdKey", () => {
  it.each([
    ["ecdsa", "tecdsa", EcdsaPublicKey, secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true)],
    ["eddsa", "teddsa", EddsaPublicKey, ed25519.getPublicKey(ed25519.utils.randomSecretKey())],
  ] as const)(
    "%s: runs builtin/%s_dkg with both outputs bound to the caller, and returns the key's id and public key",
    async (curve, prefix, PublicKey, publicKey) => {
      const { cluster, client } = await connect();
      const storeId = new Uint8Array(16).fill(7);
      cluster.computeResult = () => ({
        values: {
          [`${prefix}_store_id`]: new StoreId(storeId),
          [`${prefix}_public_key`]: new PublicKey(publicKey),
        },
      });
      const key = await client.generateThresholdKey({ curve }).invoke();
      expect(key.curve).toBe(curve);
      expect(key.keyId).toEqual(new ValuesId(storeId));
      expect(key.publicKey).toEqual(new PublicKey(publicKey));
      expect(quotedProgram(cluster)).toBe(`builtin/${prefix}_dkg`);
      const me = client.userId.bytes;
      expect(invocations(cluster)).toEqual(
        Array(3).fill({
          valueIds: [],
          inputs: [],
          outputs: [
            [`${prefix}_private_key_store_id_party`, [me]],
            [`${prefix}_public_key_party`, [me]],
          ],
          values: [],
        }),
      );
      expect(spending(cluster)).toEqual({ quotes: 1, payments: 1, computes: 3 });
    },
  );

  it("reports results without the public key as an InternalError naming the output", async () => {
    const { cluster, client } = await connect();
    cluster.computeResult = () => ({ values: { tecdsa_store_id: new StoreId(new Uint8Array(16)) } });
    const error = await client
      .generateThresholdKey({ curve: "ecdsa" })
      .invoke()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toMatch(
      /^computation .* did not return "tecdsa_public_key" as EcdsaPublicKey: got no such output \(outputs: tecdsa_store_id\)$/,
    );
  });
});

describe("signDigest", () => {
  const privateKey = secp256k1.utils.randomSecretKey();
  const publicKey = secp256k1.getPublicKey(privateKey, true);
  const digest = sha256(new TextEncoder().encode("a message to sign"));

  /** A cluster whose ECDSA signings return `sign(digest)`, with s made high when `highS`. */
  async function signingCluster(highS: boolean) {
    const { cluster, client } = await connect();
    cluster.computeResult = () => {
      const signature = secp256k1.Signature.fromBytes(
        secp256k1.sign(digest, privateKey, { prehash: false, lowS: true }),
        "compact",
      );
      const s = highS ? N - signature.s : signature.s;
      return { values: { tecdsa_signature: new EcdsaSignature({ r: be32(signature.r), s: be32(s) }) } };
    };
    return { cluster, client };
  }

  it("runs builtin/tecdsa_sign with the key's value set and the digest, every party bound to the caller", async () => {
    const { cluster, client } = await signingCluster(false);
    const signature = await client.signDigest({ keyId: KEY_ID, digest }).invoke();
    expect(signature).toBeInstanceOf(EcdsaSignature);
    expect(secp256k1.verify(compact(signature), digest, publicKey, { prehash: false, lowS: true })).toBe(
      true,
    );
    expect(quotedProgram(cluster)).toBe("builtin/tecdsa_sign");
    const me = client.userId.bytes;
    expect(invocations(cluster)).toEqual(
      Array(3).fill({
        valueIds: [KEY_ID],
        inputs: [
          ["tecdsa_key_party", me],
          ["tecdsa_digest_message_party", me],
        ],
        outputs: [["tecdsa_output_party", [me]]],
        values: [["tecdsa_digest_message", "ecdsaMessageDigest"]],
      }),
    );
    for (const request of cluster.requestsOf<InvokeComputeRequest>("InvokeCompute")) {
      expect(request.values[0]?.value?.value.value).toMatchObject({ digest });
    }
    expect(spending(cluster)).toEqual({ quotes: 1, payments: 1, computes: 3 });
  });

  it("combines shares of a high-s signature into its low-s form, which verifies with lowS", async () => {
    const { cluster, client } = await signingCluster(true);
    const shares: WireNamedValue[] = [];
    cluster.tamperResult = (_node, values) => {
      shares.push(...values);
      return values;
    };
    const signature = await client.signDigest({ keyId: ValuesId.parse(KEY_ID), digest }).invoke();
    // Every node sent one share of the same r, and none of them is the signature's s.
    expect(shares.map((share) => share.value.value.case)).toEqual(Array(3).fill("ecdsaSignatureShare"));
    const s = BigInt(`0x${Buffer.from(signature.s).toString("hex")}`);
    expect(s <= N / 2n).toBe(true);
    expect(secp256k1.verify(compact(signature), digest, publicKey, { prehash: false, lowS: true })).toBe(
      true,
    );
  });

  it.each([
    [
      "disagree on r",
      (share: { r: Uint8Array; sigma: Uint8Array }) => ({ ...share, r: share.r.map((byte) => byte ^ 1) }),
      /disagree on r/,
    ],
    [
      "are cut short",
      (share: { r: Uint8Array; sigma: Uint8Array }) => ({ ...share, sigma: share.sigma.subarray(0, 31) }),
      /sigma of 31 bytes, expected 32/,
    ],
  ])(
    "refuses signature shares that %s with an InternalError, not a wrong signature",
    async (_what, tamper, reason) => {
      const { cluster, client } = await signingCluster(false);
      cluster.tamperResult = (node, values) =>
        node.index !== 2
          ? values
          : values.map((named) => {
              const value = named.value.value;
              if (value.case !== "ecdsaSignatureShare") return named;
              return { ...named, value: { value: { case: value.case, value: tamper(value.value) } } };
            });
      const error = await client
        .signDigest({ keyId: KEY_ID, digest })
        .invoke()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InternalError);
      expect((error as Error).message).toMatch(
        /^the nodes' shares of the results of computation .* do not fit together/,
      );
      expect((error as Error).message).toMatch(reason);
    },
  );

  it("stops when its signal aborts while the computation runs, and rejects with the signal's reason", async () => {
    const { cluster, client } = await signingCluster(false);
    let open = () => {};
    cluster.resultsGate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const controller = new AbortController();
    const signing = client.signDigest({ keyId: KEY_ID, digest }).invoke({ signal: controller.signal });
    while (cluster.callsOf("RetrieveResults").length < 3)
      await new Promise((resolve) => setTimeout(resolve, 1));
    const reason = new Error("the user gave up");
    controller.abort(reason);
    await expect(signing).rejects.toBe(reason);
    open();
  });
});

describe("signMessage", () => {
  it("runs builtin/teddsa_sign with the key's value set and the message, and returns the signature", async () => {
    const { cluster, client } = await connect();
    const secret = ed25519.utils.randomSecretKey();
    const message = new TextEncoder().encode("an Ed25519 message");
    // The built-in answers the message and the public key too; the operation resolves to the signature.
    cluster.computeResult = () => ({
      values: {
        teddsa_signature: new EddsaSignature(ed25519.sign(message, secret)),
        teddsa_message: new EddsaMessage(message),
        teddsa_public_key: new EddsaPublicKey(ed25519.getPublicKey(secret)),
      },
    });
    const signature = await client.signMessage({ keyId: KEY_ID, message }).invoke();
    expect(ed25519.verify(signature.value, message, ed25519.getPublicKey(secret))).toBe(true);
    expect(quotedProgram(cluster)).toBe("builtin/teddsa_sign");
    const me = client.userId.bytes;
    expect(invocations(cluster)).toEqual(
      Array(3).fill({
        valueIds: [KEY_ID],
        inputs: [
          ["teddsa_key_party", me],
          ["teddsa_message_party", me],
        ],
        outputs: [["teddsa_output_party", [me]]],
        values: [["teddsa_message", "eddsaMessage"]],
      }),
    );
    expect(spending(cluster)).toEqual({ quotes: 1, payments: 1, computes: 3 });
  });
});

describe("threshold operations", () => {
  it("are quoted as the computation they run, and can be paid and run from the quote", async () => {
    const { cluster, client } = await connect();
    const signature = new EddsaSignature(ed25519.sign(new Uint8Array([1]), ed25519.utils.randomSecretKey()));
    cluster.computeResult = () => ({ values: { teddsa_signature: signature } });
    const quoted = await client.signMessage({ keyId: KEY_ID, message: new Uint8Array([1]) }).quote();
    expect(quoted.name).toBe("signMessage");
    expect(quotedProgram(cluster)).toBe("builtin/teddsa_sign");
    expect(cluster.callsOf("InvokeCompute")).toEqual([]);
    const paid = await quoted.pay();
    expect(await paid.invoke()).toEqual(signature);
    expect(cluster.callsOf("InvokeCompute")).toHaveLength(3);
  });

  it("refuse a curve they do not know before anything is asked", async () => {
    const { cluster, client } = await connect();
    const error = await client
      .generateThresholdKey({ curve: "rsa" as never })
      .invoke()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("curve");
    expect((error as Error).message).toBe('"curve" must be "ecdsa" or "eddsa", got "rsa"');
    expect(
      cluster.calls.filter((call) => call.method !== "Cluster" && call.method !== "NodeVersion"),
    ).toEqual([]);
  });
});
