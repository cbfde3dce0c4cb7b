// The threshold-signature built-ins and programs on a 3-node cluster, through raw node calls: what their
// quotes and receipts ask for (the ECDSA programs name the CGGMP21 auxiliary material, which the leader
// reports once the cluster is up), user programs with ecdsa_sign and public_key(), the key generations'
// binding rules and the key they store (owner, permissions), who may sign with a key, inputs the nodes
// refuse, compute types on StreamCompute, and what travels between the nodes.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { createSignedToken, encodeTokenHeader } from "@nillion/crypto";
import { BytePacking } from "@nillion/mpc";
import { Compute } from "@nillion/proto/nillion/compute/v1/service";
import { ComputeType } from "@nillion/proto/nillion/compute/v1/stream";
import { ComputePeerMessageSchema } from "@nillion/proto/nillion/devnet/v1/compute";
import { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { PriceQuoteSchema } from "@nillion/proto/nillion/payments/v1/quote";
import { ReceiptSchema } from "@nillion/proto/nillion/payments/v1/receipt";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { AuxiliaryMaterial } from "@nillion/proto/nillion/preprocessing/v1/material";
import {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  type EcdsaPublicKey,
  EddsaPrivateKey,
  hexToBytes,
} from "@nillion/types";
import { ed25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterLayout, MemoryStore, withBoundPorts } from "../src/index.js";
import { computeExtension } from "../src/node/compute/compute-extension.js";
import { DevnetNode } from "../src/node/devnet-node.js";
import {
  type ClusterUser,
  type ComputeCluster,
  failure,
  fixtureBytes,
  fixtureCases,
  type Invocation,
  startComputeCluster,
} from "./compute-helpers.js";
import {
  combineEcdsaShares,
  ecdsaSigning,
  ecdsaVerifies,
  eddsaSigning,
  eddsaVerifies,
  keyGeneration,
  namedValue,
  nodeValues,
} from "./threshold-helpers.js";

let cluster: ComputeCluster;
let alice: ClusterUser;
let bob: ClusterUser;
let carol: ClusterUser;

beforeAll(async () => {
  cluster = await startComputeCluster({ compute: { pools: {} } });
  alice = await cluster.user();
  bob = await cluster.user();
  carol = await cluster.user();
});
afterAll(() => cluster.close());

const digest = sha256(new TextEncoder().encode("threshold builtins"));
const u8 = (user: ClusterUser) => ({ contents: user.id.bytes });

/** Every node's refusal of `invocation`, paid for by `user`. */
async function refusals(user: ClusterUser, invocation: Invocation) {
  const receipt = await user.computeReceipt(invocation.programId);
  const requests = user.invokeRequests(invocation, receipt);
  const errors = await Promise.all(requests.map((request, index) => failure(user.invokeOn(index, request))));
  return errors.map((error) => [error.code, error.rawMessage]);
}

/** A DKG key of `owner` (both outputs to it): its store id and public key. */
async function generatedKey(prefix: "tecdsa" | "teddsa", owner: ClusterUser) {
  const storeId = await owner.invoke(keyGeneration(prefix, owner.id));
  const [values] = await nodeValues(owner, storeId);
  const publicKey = namedValue(
    values ?? [],
    `${prefix}_public_key`,
    prefix === "tecdsa" ? "ecdsaPublicKey" : "eddsaPublicKey",
  ).publicKey;
  return { storeId, publicKey };
}

describe("quotes and receipts", () => {
  const quote = async (programId: string) =>
    fromBinary(PriceQuoteSchema, (await alice.quoteCompute(programId)).quote);

  it("name the CGGMP21 auxiliary material for ECDSA signing only, and no preprocessing for any", async () => {
    const cggmp21 = [{ material: AuxiliaryMaterial.CGGMP21_AUXILIARY_INFO, version: 0 }];
    const asked = async (programId: string) => {
      const { preprocessingRequirements, auxiliaryMaterialRequirements } = await quote(programId);
      return {
        preprocessing: preprocessingRequirements.length,
        auxiliary: auxiliaryMaterialRequirements.map(({ material, version }) => ({ material, version })),
      };
    };
    expect(await asked("builtin/tecdsa_sign")).toEqual({ preprocessing: 0, auxiliary: cggmp21 });
    for (const programId of ["builtin/teddsa_sign", "builtin/tecdsa_dkg", "builtin/teddsa_dkg"]) {
      expect(await asked(programId)).toEqual({ preprocessing: 0, auxiliary: [] });
    }
    const sign = await alice.storeProgram("ecdsa_sign", fixtureBytes("ecdsa_sign"));
    expect(await asked(sign)).toEqual({ preprocessing: 0, auxiliary: cggmp21 });
    const signed = fromBinary(ReceiptSchema, (await alice.computeReceipt("builtin/tecdsa_sign")).receipt);
    const metadata = signed.metadata?.operation;
    expect(metadata?.case).toBe("invokeCompute");
    expect(
      metadata?.case === "invokeCompute" &&
        metadata.value.auxiliaryMaterials.map(({ material, version }) => ({ material, version })),
    ).toEqual(cggmp21);
    expect((await alice.poolStatus()).auxiliaryMaterialAvailable).toBe(true);
  });

  it("refuse ECDSA signing as the reference does until the cluster is up: the auxiliary material is missing", async () => {
    const planned = clusterLayout({ portBase: 0, seed: "aux material" });
    const leader = await DevnetNode.listen({
      layout: planned,
      index: planned.leaderIndex,
      prime: Prime.SAFE_256_BITS,
      polynomialDegree: 1,
      store: new MemoryStore(),
      chainRpcUrl: cluster.chain.urls.rpc,
      extensions: [computeExtension({ pools: {} })],
    });
    try {
      const payments = createClient(
        Payments,
        createGrpcTransport({ baseUrl: `http://127.0.0.1:${leader.port}` }),
      );
      const quoteOf = (programId: string) =>
        payments.priceQuote({ operation: { case: "invokeCompute", value: { programId } } });
      const missing = await failure(quoteOf("builtin/tecdsa_sign"));
      expect([missing.code, missing.rawMessage]).toEqual([Code.Unavailable, "auxiliary material is missing"]);
      await quoteOf("builtin/teddsa_sign");
      // Every node listens (the other ports are never used: no pools, no computation).
      const ports = planned.nodes.map((_, k) => (k === planned.leaderIndex ? leader.port : k + 1));
      leader.bind(withBoundPorts(planned, ports));
      await quoteOf("builtin/tecdsa_sign");
    } finally {
      await leader.close();
    }
  });
});

describe("a user program with ecdsa_sign and public_key()", () => {
  it.each(fixtureCases("ecdsa_sign").map((testCase) => [testCase.name, testCase] as const))(
    "runs the fixture's case %s: the signature verifies under the output public key, the input key's",
    async (_, testCase) => {
      const programId = await alice.storeProgram("ecdsa_sign", fixtureBytes("ecdsa_sign"));
      const key = hexToBytes(testCase.inputs["key"]?.value as string);
      const message = hexToBytes(testCase.inputs["digest"]?.value as string);
      const keyId = await alice.storeValues({ key: new EcdsaPrivateKey(key) }, { programId });
      const computeId = await alice.invoke({
        programId,
        valueIds: [keyId],
        values: { digest: new EcdsaDigestMessage(message) },
        inputs: { KeyParty: alice.id, MsgParty: alice.id },
        outputs: { OutParty: [alice.id] },
      });
      const perNode = await nodeValues(alice, computeId);
      const publicKey = namedValue(perNode[0] ?? [], "public_key", "ecdsaPublicKey").publicKey;
      expect(publicKey).toEqual(secp256k1.getPublicKey(key, true));
      expect(ecdsaVerifies(combineEcdsaShares(perNode, "signature"), message, publicKey)).toBe(true);
      // The client's masker combines the shares the same way.
      const unmasked = await alice.results(computeId);
      expect((unmasked["public_key"] as EcdsaPublicKey).value).toEqual(publicKey);
    },
  );
});

describe("key generation", () => {
  const dkg = (outputs: Invocation["outputs"]): Invocation => ({
    programId: "builtin/tecdsa_dkg",
    inputs: {},
    outputs,
  });

  it.each([
    [
      "a party other than the two",
      { tecdsa_private_key_store_id_party: "alice", tecdsa_public_key_party: "alice", somebody: "alice" },
      "invalid output party name binding for DKG protocol execution: somebody",
    ],
    [
      "one party unbound",
      { tecdsa_private_key_store_id_party: "alice" },
      "required parties not bound: [tecdsa_public_key_party]",
    ],
    [
      "no party bound",
      {},
      "required parties not bound: [tecdsa_private_key_store_id_party, tecdsa_public_key_party]",
    ],
    [
      "parties without users",
      { tecdsa_private_key_store_id_party: "", tecdsa_public_key_party: "" },
      "no user is bound to the output parties: the key would have no owner",
    ],
  ])("refuses %s, on every node", async (_, bound, message) => {
    const outputs = Object.fromEntries(
      Object.entries(bound).map(([party, who]) => [party, who === "" ? [] : [alice.id]]),
    );
    expect(await refusals(alice, dkg(outputs))).toEqual(Array(3).fill([Code.InvalidArgument, message]));
  });

  it("ignores inputs and compute-time values, and stores the key for the first output user alone", async () => {
    const storeId = await alice.invoke({
      programId: "builtin/tecdsa_dkg",
      values: { unused: new EcdsaDigestMessage(digest) },
      inputs: { anyone: alice.id },
      outputs: { tecdsa_private_key_store_id_party: [bob.id, alice.id], tecdsa_public_key_party: [alice.id] },
    });
    // Bob, bound first, receives the store id; Alice both outputs.
    const forBob = await nodeValues(bob, storeId);
    expect(forBob.map((values) => values.map((value) => value.name))).toEqual(
      Array(3).fill(["tecdsa_store_id"]),
    );
    const [forAlice] = await nodeValues(alice, storeId);
    expect(forAlice?.map((value) => value.name)).toEqual(["tecdsa_store_id", "tecdsa_public_key"]);
    const publicKey = namedValue(forAlice ?? [], "tecdsa_public_key", "ecdsaPublicKey").publicKey;

    // Bob owns the key: he alone may retrieve, update, delete, and compute on builtin/tecdsa_sign.
    for (const permissions of await bob.retrievePermissions(storeId)) {
      expect(permissions.owner?.contents).toEqual(bob.id.bytes);
      for (const list of [permissions.retrieve, permissions.update, permissions.delete]) {
        expect(list.map((user) => user.contents)).toEqual([bob.id.bytes]);
      }
      expect(permissions.compute.map(({ user, programIds }) => [user?.contents, programIds])).toEqual([
        [bob.id.bytes, ["builtin/tecdsa_sign"]],
      ]);
    }
    expect((await failure(alice.retrieveValues(storeId))).rawMessage).toBe(
      "user does not have permissions for action",
    );
    // Its shares are the node's layout: each node's own index, adding up to the public key.
    const shares = await bob.retrieveValues(storeId);
    const key = cluster.unmask(shares)["tecdsa_private_key"] as EcdsaPrivateKey;
    expect(secp256k1.getPublicKey(key.value, true)).toEqual(publicKey);
  });
});

describe("signing with a generated key", () => {
  it("is for users with compute permission on the sign built-in: the owner, then whom it grants, until revoked", async () => {
    const { storeId, publicKey } = await generatedKey("tecdsa", alice);
    const signs = async (user: ClusterUser) => {
      const perNode = await nodeValues(user, await user.invoke(ecdsaSigning(storeId, digest, user.id)));
      return ecdsaVerifies(combineEcdsaShares(perNode, "tecdsa_signature"), digest, publicKey);
    };
    const denied = Array(3).fill([Code.PermissionDenied, "user does not have permissions for action"]);
    expect(await signs(alice)).toBe(true);
    expect(await refusals(carol, ecdsaSigning(storeId, digest, carol.id))).toEqual(denied);
    const grant = [{ user: u8(carol), programIds: ["builtin/tecdsa_sign"] }];
    await alice.updateCompute(storeId, { grant });
    expect(await signs(carol)).toBe(true);
    await alice.updateCompute(storeId, { revoke: grant });
    expect(await refusals(carol, ecdsaSigning(storeId, digest, carol.id))).toEqual(denied);
    // The key serves the ECDSA built-in only, even for its owner.
    const sign = await alice.storeProgram("ecdsa_sign", fixtureBytes("ecdsa_sign"));
    expect(
      await refusals(alice, {
        programId: sign,
        valueIds: [storeId],
        values: { digest: new EcdsaDigestMessage(digest) },
        inputs: { KeyParty: alice.id, MsgParty: alice.id },
        outputs: { OutParty: [alice.id] },
      }),
    ).toEqual(denied);
  });

  it("refuses a digest that is not 32 bytes and a key of the other curve, on every node", async () => {
    const { storeId } = await generatedKey("tecdsa", alice);
    const receipt = await alice.computeReceipt("builtin/tecdsa_sign");
    const requests = alice
      .invokeRequests(ecdsaSigning(storeId, digest, alice.id), receipt)
      .map((request) => ({
        ...request,
        values: [
          {
            name: "tecdsa_digest_message",
            value: { value: { case: "ecdsaMessageDigest" as const, value: { digest: digest.subarray(1) } } },
          },
        ],
      }));
    const refused = await Promise.all(
      requests.map((request, index) => failure(alice.invokeOn(index, request))),
    );
    expect(refused.map((error) => [error.code, error.rawMessage])).toEqual(
      Array(3).fill([
        Code.InvalidArgument,
        'input validation failed: invalid values: input "tecdsa_digest_message" digest must have 32 bytes, got 31',
      ]),
    );
    const eddsaKey = await alice.storeValues(
      { tecdsa_private_key: new EddsaPrivateKey(new Uint8Array(32).fill(1)) },
      { programId: "builtin/tecdsa_sign" },
    );
    expect(await refusals(alice, ecdsaSigning(eddsaKey, digest, alice.id))).toEqual(
      Array(3).fill([
        Code.InvalidArgument,
        'input validation failed: invalid values: input "tecdsa_private_key" must be EcdsaPrivateKey, got eddsaPrivateKeyShare',
      ]),
    );
  });
});

describe("StreamCompute", () => {
  // A peer's stream, signed with node 1's key, to node 0.
  function asNode1() {
    const [target, peer] = cluster.layout.nodes;
    if (target === undefined || peer === undefined) throw new Error("no nodes");
    const transport = createGrpcTransport({
      baseUrl: target.grpcEndpoint,
      interceptors: [
        (next) => (request) => {
          const token = createSignedToken({ signer: peer.privateKey, targetNodeId: target.nodeId });
          request.header.set("x-nillion-token", encodeTokenHeader(token));
          return next(request);
        },
      ],
    });
    return createClient(Compute, transport);
  }
  const abort = toBinary(
    ComputePeerMessageSchema,
    create(ComputePeerMessageSchema, { payload: { case: "abort", value: { reason: "test" } } }),
  );

  it("refuses a compute type the protocol does not define", async () => {
    const error = await failure(
      asNode1().streamCompute(
        (async function* () {
          yield {
            computeId: new Uint8Array(16).fill(9),
            computeType: 7 as ComputeType,
            bincodeMessage: abort,
          };
        })(),
      ),
    );
    expect([error.code, error.rawMessage]).toEqual([Code.InvalidArgument, "compute type 7 is not supported"]);
  });

  it("fails a computation that a peer streams as a key generation while this node runs a program", async () => {
    const receipt = await alice.computeReceipt("builtin/teddsa_sign");
    const computeId = fromBinary(ReceiptSchema, receipt.receipt).identifier;
    // Node 1 claims a key generation first; the client's InvokeCompute for a signing program follows.
    await asNode1().streamCompute(
      (async function* () {
        yield { computeId, computeType: ComputeType.EDDSA_DKG };
      })(),
    );
    const { storeId } = await generatedKey("teddsa", alice);
    const [request] = alice.invokeRequests(eddsaSigning(storeId, digest, alice.id), receipt);
    if (request === undefined) throw new Error("no request");
    await alice.invokeOn(0, request);
    const outcome = (await alice.resultStream(0, computeId)).at(-1)?.state;
    expect(outcome).toEqual({
      case: "error",
      value: `protocol violation: InvokeCompute runs computation ${uuid(computeId)} as GENERAL, not EDDSA_DKG`,
    });
  });
});

describe("what travels between the nodes", () => {
  const packing = BytePacking.of("SAFE_256_BITS");
  /** The transcript of one computation: every round message any node received during `run`. */
  async function transcript<T>(run: () => Promise<T>) {
    cluster.transcript.length = 0;
    const result = await run();
    return { result, messages: [...cluster.transcript] };
  }
  /** What each node broadcast in `round`, after checking it sent the same to both peers. */
  const broadcasts = (messages: typeof cluster.transcript, round: number) =>
    [0, 1, 2].map((from) => {
      const sent = messages.filter((m) => m.round === round && m.from === from).map((m) => m.elements.join());
      expect(sent).toHaveLength(2);
      expect(sent[0]).toBe(sent[1]);
      return messages.find((m) => m.round === round && m.from === from)?.elements ?? [];
    });

  it("a key generation broadcasts one public point per node, adding up to the public key", async () => {
    const { result, messages } = await transcript(() => generatedKey("teddsa", alice));
    expect(new Set(messages.map((m) => m.round))).toEqual(new Set([0]));
    const points = broadcasts(messages, 0).map((elements) =>
      ed25519.Point.fromBytes(packing.unpack(elements, 32) as Uint8Array),
    );
    expect(points.reduce((sum, point) => sum.add(point)).toBytes()).toEqual(result.publicKey);
  });

  it("EdDSA signing opens only nonce commitments and signature shares masked by them", async () => {
    const { storeId, publicKey } = await generatedKey("teddsa", alice);
    const message = new TextEncoder().encode("what travels");
    const { result, messages } = await transcript(async () =>
      nodeValues(alice, await alice.invoke(eddsaSigning(storeId, message, alice.id))),
    );
    expect(new Set(messages.map((m) => m.round))).toEqual(new Set([0, 1]));
    const commitments = broadcasts(messages, 0).map((elements) =>
      ed25519.Point.fromBytes(packing.unpack(elements, 32) as Uint8Array),
    );
    const { signature } = namedValue(result[0] ?? [], "teddsa_signature", "eddsaSignature");
    const R = commitments.reduce((sum, point) => sum.add(point));
    expect(R.toBytes()).toEqual(signature.subarray(0, 32));
    const le = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).reverse().toString("hex")}`);
    const c = le(sha512(new Uint8Array([...R.toBytes(), ...publicKey, ...message]))) % ed25519.Point.Fn.ORDER;
    // Each node's public share of the key, from the key shares the owner may retrieve.
    const [share] = (await alice.retrieveValues(storeId))[0] ?? [];
    const publicShares =
      share?.value?.value.case === "eddsaPrivateKeyShare" ? share.value.value.value.publicShares : [];
    // Messages name parties by rank, the order of the public shares.
    for (const [rank, elements] of broadcasts(messages, 1).entries()) {
      const z = le(packing.unpack(elements, 32) as Uint8Array);
      const X = ed25519.Point.fromBytes(publicShares[rank] as Uint8Array);
      expect(ed25519.Point.BASE.multiply(z).equals((commitments[rank] as typeof R).add(X.multiply(c)))).toBe(
        true,
      );
    }
    expect(eddsaVerifies(signature, message, publicKey)).toBe(true);
  });

  it("ECDSA signing sends points of sharings and one commitment, then opens one value per node; the key never travels", async () => {
    const privateKey = secp256k1.utils.randomSecretKey();
    const keyId = await alice.storeValues(
      { tecdsa_private_key: new EcdsaPrivateKey(privateKey) },
      { programId: "builtin/tecdsa_sign" },
    );
    const sign = () =>
      transcript(async () => nodeValues(alice, await alice.invoke(ecdsaSigning(keyId, digest, alice.id))));
    const [first, second] = [await sign(), await sign()];
    const scalarLimbs = packing.limbs(32);
    const pointLimbs = packing.limbs(33);
    const key = BigInt(`0x${Buffer.from(privateKey).toString("hex")}`);
    for (const { messages } of [first, second]) {
      expect(new Set(messages.map((m) => m.round))).toEqual(new Set([0, 1]));
      for (const m of messages) {
        expect(m.elements).toHaveLength(m.round === 0 ? 5 * scalarLimbs + pointLimbs : scalarLimbs);
        for (let at = 0; at + scalarLimbs <= m.elements.length; at += scalarLimbs) {
          const bytes = packing.unpack(m.elements.slice(at, at + scalarLimbs), 32);
          if (bytes !== undefined)
            expect(BigInt(`0x${Buffer.from(bytes).reverse().toString("hex")}`)).not.toBe(key);
        }
      }
      broadcasts(messages, 1);
    }
    // Fresh nonces: the mask commitments and the signatures' r differ.
    const commitment = (messages: typeof cluster.transcript) =>
      messages
        .find((m) => m.round === 0)
        ?.elements.slice(5 * scalarLimbs)
        .join();
    expect(commitment(first.messages)).not.toBe(commitment(second.messages));
    const signatures = [first, second].map(({ result }) => combineEcdsaShares(result, "tecdsa_signature"));
    for (const signature of signatures)
      expect(ecdsaVerifies(signature, digest, secp256k1.getPublicKey(privateKey, true))).toBe(true);
    expect(signatures[0]?.subarray(0, 32)).not.toEqual(signatures[1]?.subarray(0, 32));
  });
});

function uuid(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
