// The public key of a stored threshold key through VmClient against the in-memory cluster: what
// thresholdPublicKey asks the nodes (sign built-in computations on fixed labels, never a retrieval of the
// key shares), what it pays (two quotes and payments for ECDSA, shown summed by quote()), that the key it
// returns is the key that signed, and that wrong signatures are an InternalError, not a key. Also the
// optional publicKey check of signDigest and signMessage.
import { ConnectError } from "@connectrpc/connect";
import type { WireNamedValue } from "@nillion/crypto";
import type { InvokeComputeRequest } from "@nillion/proto/nillion/compute/v1/invoke";
import type { PriceQuoteRequest } from "@nillion/proto/nillion/payments/v1/quote";
import {
  ComputeId,
  EcdsaPublicKey,
  EcdsaSignature,
  EddsaMessage,
  EddsaPublicKey,
  EddsaSignature,
  InternalError,
  InvalidArgumentError,
  PermissionDeniedError,
  ValuesId,
} from "@nillion/types";
import type { VmClient } from "@nillion/vm-client";
import { ed25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { connect } from "./connect.js";
import type { FakeCluster } from "./fake-cluster.js";

const KEY_ID = "123e4567-e89b-42d3-a456-426614174000";
const utf8 = (text: string) => new TextEncoder().encode(text);
const be32 = (value: bigint) => Uint8Array.from(Buffer.from(value.toString(16).padStart(64, "0"), "hex"));

/** The digest a tecdsa_sign computation was asked to sign. */
function digestOf(request: InvokeComputeRequest): Uint8Array {
  const value = request.values.find((named) => named.name === "tecdsa_digest_message")?.value?.value;
  if (value?.case !== "ecdsaMessageDigest") throw new Error("no digest in the compute request");
  return value.value.digest;
}

/** A cluster whose ECDSA signings sign the requested digest with `privateKey`. */
async function ecdsaCluster(privateKey = secp256k1.utils.randomSecretKey()) {
  const { cluster, client } = await connect();
  cluster.computeResult = ({ request }) => {
    const compact = secp256k1.sign(digestOf(request), privateKey, { prehash: false, lowS: true });
    const { r, s } = secp256k1.Signature.fromBytes(compact, "compact");
    return { values: { tecdsa_signature: new EcdsaSignature({ r: be32(r), s: be32(s) }) } };
  };
  return { cluster, client, publicKey: new EcdsaPublicKey(secp256k1.getPublicKey(privateKey, true)) };
}

/** A cluster whose EdDSA signings answer like builtin/teddsa_sign: signature, message and public key. */
async function eddsaCluster(secret = ed25519.utils.randomSecretKey()) {
  const { cluster, client } = await connect();
  cluster.computeResult = ({ request }) => {
    const value = request.values[0]?.value?.value;
    if (value?.case !== "eddsaMessage") throw new Error("no message in the compute request");
    const message = value.value.message;
    return {
      values: {
        teddsa_signature: new EddsaSignature(ed25519.sign(message, secret)),
        teddsa_message: new EddsaMessage(message),
        teddsa_public_key: new EddsaPublicKey(ed25519.getPublicKey(secret)),
      },
    };
  };
  return { cluster, client, publicKey: new EddsaPublicKey(ed25519.getPublicKey(secret)) };
}

/** Makes node 2 answer a different σ: the summed s is then wrong, though r and the widths are right. */
function tamperSigma(cluster: FakeCluster) {
  cluster.tamperResult = (node, values) =>
    node.index !== 2
      ? values
      : values.map((named): WireNamedValue => {
          const value = named.value.value;
          if (value.case !== "ecdsaSignatureShare") return named;
          const sigma = value.value.sigma.slice();
          sigma[0] = (sigma[0] as number) ^ 1;
          return { ...named, value: { value: { case: value.case, value: { ...value.value, sigma } } } };
        });
}

const quotedPrograms = (cluster: FakeCluster) =>
  cluster.requestsOf<PriceQuoteRequest>("PriceQuote").map((request) => {
    const operation = request.operation;
    return operation.case === "invokeCompute" ? operation.value.programId : operation.case;
  });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("the call did not fail"),
    (e: unknown) => e,
  );

describe("thresholdPublicKey, ECDSA", () => {
  it("signs two distinct fixed labels with builtin/tecdsa_sign and returns the one key both verify under", async () => {
    const { cluster, client, publicKey } = await ecdsaCluster();
    const key = await client.thresholdPublicKey({ keyId: KEY_ID, curve: "ecdsa" }).invoke();
    expect(key).toBeInstanceOf(EcdsaPublicKey);
    expect(key).toEqual(publicKey);
    expect(quotedPrograms(cluster)).toEqual(["builtin/tecdsa_sign", "builtin/tecdsa_sign"]);
    expect(cluster.payer.payments).toHaveLength(2);
    const requests = cluster.requestsOf<InvokeComputeRequest>("InvokeCompute");
    expect(requests).toHaveLength(6);
    const digests = new Set(requests.map((request) => Buffer.from(digestOf(request)).toString("hex")));
    expect(digests).toEqual(
      new Set(
        ["nillion/threshold-public-key/1", "nillion/threshold-public-key/2"].map((label) =>
          Buffer.from(sha256(utf8(label))).toString("hex"),
        ),
      ),
    );
    const me = client.userId.bytes;
    for (const request of requests) {
      expect(request.valueIds.map((bytes) => ValuesId.fromBytes(bytes).toString())).toEqual([KEY_ID]);
      expect(request.inputBindings.map((binding) => [binding.partyName, binding.user?.contents])).toEqual([
        ["tecdsa_key_party", me],
        ["tecdsa_digest_message_party", me],
      ]);
    }
    // The key shares are never asked for.
    expect(cluster.callsOf("RetrieveValues")).toEqual([]);
  });

  it("quotes both computations, totals their prices, and runs from the quote or from the receipts", async () => {
    const { cluster, client, publicKey } = await ecdsaCluster();
    const operation = client.thresholdPublicKey({ keyId: ValuesId.parse(KEY_ID), curve: "ecdsa" });
    const quoted = await operation.quote();
    expect(quoted.name).toBe("thresholdPublicKey");
    expect(quoted.quotes).toHaveLength(2);
    expect(quoted.credits).toBe(quoted.quotes.reduce((sum, quote) => sum + quote.credits, 0n));
    expect(quoted.credits > (quoted.quotes[0]?.credits ?? 0n)).toBe(true);
    expect(quoted.tokens).toBe(quoted.quotes.reduce((sum, quote) => sum + quote.tokens, 0n));
    expect(quoted.expiresAt.getTime()).toBe(Math.min(...quoted.quotes.map((q) => q.expiresAt.getTime())));
    expect(cluster.payer.payments).toHaveLength(0);
    const paid = await quoted.pay();
    expect(paid.receipts).toHaveLength(2);
    expect(cluster.callsOf("InvokeCompute")).toEqual([]);
    expect(await paid.invoke()).toEqual(publicKey);
    expect(await (await operation.quote()).invoke()).toEqual(publicKey);
    expect(cluster.payer.payments).toHaveLength(4);
  });

  it("refuses signatures that fit no one key (a node's wrong σ) with an InternalError naming both computations", async () => {
    const { cluster, client } = await ecdsaCluster();
    tamperSigma(cluster);
    const error = await failure(client.thresholdPublicKey({ keyId: KEY_ID, curve: "ecdsa" }).invoke());
    expect(error).toBeInstanceOf(InternalError);
    const computeIds = [
      ...new Set(
        cluster
          .requestsOf<{ computeId: Uint8Array }>("RetrieveResults")
          .map((request) => new ComputeId(request.computeId).toString()),
      ),
    ];
    expect(computeIds).toHaveLength(2);
    expect((error as InternalError).details).toEqual({ computeIds: expect.arrayContaining(computeIds) });
    expect((error as Error).message).toMatch(
      /^computations \S+ and \S+ returned signatures that no one public key verifies: a node answered a wrong signature \(share\)$/,
    );
  });

  it("reports the nodes' refusal to a user without compute permission as a PermissionDeniedError", async () => {
    const { cluster, client } = await ecdsaCluster();
    cluster.faults.push({
      method: "InvokeCompute",
      error: new ConnectError("user does not have permissions for action", 7),
      times: 6,
    });
    const error = await failure(client.thresholdPublicKey({ keyId: KEY_ID, curve: "ecdsa" }).invoke());
    expect(error).toBeInstanceOf(PermissionDeniedError);
  });

  it("stops when its signal aborts while the computations run, and rejects with the signal's reason", async () => {
    const { cluster, client } = await ecdsaCluster();
    let open = () => {};
    cluster.resultsGate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const controller = new AbortController();
    const deriving = client
      .thresholdPublicKey({ keyId: KEY_ID, curve: "ecdsa" })
      .invoke({ signal: controller.signal });
    // Both computations wait for their results at once.
    while (cluster.callsOf("RetrieveResults").length < 6)
      await new Promise((resolve) => setTimeout(resolve, 1));
    const reason = new Error("the user gave up");
    controller.abort(reason);
    await expect(deriving).rejects.toBe(reason);
    open();
  });
});

describe("thresholdPublicKey, EdDSA", () => {
  it("signs a fixed label once with builtin/teddsa_sign and returns the public key it answers", async () => {
    const { cluster, client, publicKey } = await eddsaCluster();
    const key = await client.thresholdPublicKey({ keyId: KEY_ID, curve: "eddsa" }).invoke();
    expect(key).toBeInstanceOf(EddsaPublicKey);
    expect(key).toEqual(publicKey);
    expect(quotedPrograms(cluster)).toEqual(["builtin/teddsa_sign"]);
    expect(cluster.payer.payments).toHaveLength(1);
    const quoted = await client.thresholdPublicKey({ keyId: KEY_ID, curve: "eddsa" }).quote();
    expect(quoted.quotes).toHaveLength(1);
    expect(quoted.credits).toBe(quoted.quotes[0]?.credits);
  });

  it("refuses a public key its signature does not verify under, with an InternalError", async () => {
    const { cluster, client } = await eddsaCluster();
    const other = new EddsaPublicKey(ed25519.getPublicKey(ed25519.utils.randomSecretKey()));
    const honest = cluster.computeResult;
    cluster.computeResult = (computation) => {
      const outcome = honest(computation);
      return "values" in outcome ? { values: { ...outcome.values, teddsa_public_key: other } } : outcome;
    };
    const error = await failure(client.thresholdPublicKey({ keyId: KEY_ID, curve: "eddsa" }).invoke());
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^computation \\S+ returned a signature that does not verify under public key ${Buffer.from(other.value).toString("hex")}`,
      ),
    );
  });
});

describe("signDigest and signMessage with the key's public key", () => {
  const digest = sha256(utf8("a message to sign"));
  const message = utf8("an Ed25519 message");

  it("signDigest returns a signature that verifies under the given key", async () => {
    const { client, publicKey } = await ecdsaCluster();
    const signature = await client.signDigest({ keyId: KEY_ID, digest, publicKey }).invoke();
    const compact = new Uint8Array([...signature.r, ...signature.s]);
    expect(secp256k1.verify(compact, digest, publicKey.value, { prehash: false })).toBe(true);
    // Its bytes do as well as the value.
    await client.signDigest({ keyId: KEY_ID, digest, publicKey: publicKey.value }).invoke();
  });

  it("signDigest refuses a combined signature that does not verify (a node's wrong σ) with an InternalError", async () => {
    const { cluster, client, publicKey } = await ecdsaCluster();
    tamperSigma(cluster);
    const error = await failure(client.signDigest({ keyId: KEY_ID, digest, publicKey }).invoke());
    expect(error).toBeInstanceOf(InternalError);
    const key = Buffer.from(publicKey.value).toString("hex");
    expect((error as Error).message).toMatch(
      new RegExp(`^computation \\S+ returned a signature that does not verify under public key ${key}: `),
    );
    expect((error as InternalError).details).toMatchObject({ publicKey: key });
  });

  it("signMessage refuses a signature that does not verify under the given key with an InternalError", async () => {
    const { cluster, client, publicKey } = await eddsaCluster();
    expect(await client.signMessage({ keyId: KEY_ID, message, publicKey }).invoke()).toBeInstanceOf(
      EddsaSignature,
    );
    cluster.tamperResult = (_node, values) =>
      values.map((named): WireNamedValue => {
        const value = named.value.value;
        if (value.case !== "eddsaSignature") return named;
        const signature = value.value.signature.slice();
        signature[63] = (signature[63] as number) ^ 1;
        return { ...named, value: { value: { case: value.case, value: { signature } } } };
      });
    const error = await failure(client.signMessage({ keyId: KEY_ID, message, publicKey }).invoke());
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toMatch(/returned a signature that does not verify under public key/);
  });
});

describe("a public key argument", () => {
  const digest = new Uint8Array(32);
  const offCurve = new Uint8Array(33).fill(0xff);
  offCurve[0] = 0x02;
  it.each([
    [
      "65 bytes (uncompressed)",
      (client: VmClient) =>
        client.signDigest({
          keyId: KEY_ID,
          digest,
          publicKey: secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), false),
        }),
      /^"publicKey" must be 33 bytes \(a compressed secp256k1 point\), got 65 bytes$/,
    ],
    [
      "33 bytes that are not a point",
      (client: VmClient) => client.signDigest({ keyId: KEY_ID, digest, publicKey: offCurve }),
      /^"publicKey" is not a compressed secp256k1 point$/,
    ],
    [
      "a hex string",
      (client: VmClient) =>
        client.signMessage({ keyId: KEY_ID, message: digest, publicKey: "ab".repeat(32) as never }),
      /^"publicKey" expected a Uint8Array or an EddsaPublicKey$/,
    ],
  ])("of %s is refused before anything is asked or paid", async (_what, call, message) => {
    const { cluster, client } = await connect();
    const before = cluster.calls.length;
    const error = await failure(call(client).invoke());
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("publicKey");
    expect((error as Error).message).toMatch(message);
    expect(cluster.calls.slice(before)).toEqual([]);
    expect(cluster.payer.payments).toEqual([]);
  });
});
