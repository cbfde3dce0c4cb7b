#!/usr/bin/env node
// Threshold-signature benchmark on a real devnet: three nodes with compute in this process (T = 1, 256-bit
// prime), each on its own port, talking gRPC over HTTP/2 to each other and to the client, paying from a
// prepaid balance (balance mode). Workloads, each one computation of a built-in program:
//   - one ECDSA signature of a 32-byte digest (builtin/tecdsa_sign) with a key the client stored;
//   - one EdDSA signature of a 64-byte message (builtin/teddsa_sign) with a key the client stored;
//   - one ECDSA and one EdDSA key generation (builtin/tecdsa_dkg, builtin/teddsa_dkg).
// Per workload: wall time from sending InvokeCompute to every node until every node's result is in (the
// receipt is paid before the clock starts), the same with the quote and its payment from the balance
// included, the communication rounds each node ran and the bytes of field elements each node sent its
// peers (elements × 32). Medians of timed runs after warm-up runs.
// Run with `pnpm --filter @nillion/devnet bench` after `pnpm build`.
import os from "node:os";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import * as protoSigning from "@cosmjs/proto-signing";
import * as stargate from "@cosmjs/stargate";
import { createSignedToken, encodeTokenHeader, PrivateKey, SecretMasker } from "@nillion/crypto";
import { computeExtension, Devnet } from "@nillion/devnet";
import { Compute } from "@nillion/proto/nillion/compute/v1/service";
import { MsgPayForSchema } from "@nillion/proto/nillion/meta/v1/tx";
import { AddFundsPayloadSchema } from "@nillion/proto/nillion/payments/v1/balance";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import { EcdsaDigestMessage, EcdsaPrivateKey, EddsaMessage, EddsaPrivateKey } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const WARM_UP = 5;

const median = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Round messages as the nodes receive them; `from` and `to` are party numbers. */
let traffic = [];
const devnet = await Devnet.start({
  portBase: 0,
  chain: { blockIntervalMs: 10 },
  // Signing and key generation take no preprocessing: no pools filling in the background.
  extensions: [computeExtension({ pools: {}, onPeerMessage: (message) => traffic.push(message) })],
});
const { chain, layout } = devnet;

const user = PrivateKey.fromSeed("threshold bench");
const me = { contents: user.userId.bytes };
// A token per node, reused until shortly before it expires, as a client making many calls does.
const transports = layout.nodes.map((node) => {
  let token;
  return createGrpcTransport({
    baseUrl: node.grpcEndpoint,
    interceptors: [
      (next) => (request) => {
        if (token === undefined || Date.now() > token.renewAt) {
          const bytes = createSignedToken({ signer: user, targetNodeId: node.nodeId, ttlSeconds: 60 });
          token = { header: encodeTokenHeader(bytes), renewAt: Date.now() + 50_000 };
        }
        request.header.set("x-nillion-token", token.header);
        return next(request);
      },
    ],
  });
});
const payments = createClient(Payments, transports[layout.leaderIndex]);
const values = transports.map((transport) => createClient(Values, transport));
const computeClients = transports.map((transport) => createClient(Compute, transport));
const masker = new SecretMasker({
  prime: "SAFE_256_BITS",
  degree: 1,
  parties: layout.nodes.map((n) => n.nodeId),
});
const nodeOfParty = (party) =>
  layout.nodes.findIndex((node) => Buffer.from(node.nodeId).toString("hex") === party);

/** One chain payment funds the balance that pays for everything else. */
async function addFunds() {
  const payer = chain.keys[0];
  const wallet = await protoSigning.DirectSecp256k1Wallet.fromKey(
    Buffer.from(payer.privateKey, "hex"),
    "nillion",
  );
  const registry = new protoSigning.Registry();
  registry.register("/nillion.meta.v1.MsgPayFor", {
    encode: (message) => ({ finish: () => toBinary(MsgPayForSchema, create(MsgPayForSchema, message)) }),
    decode: (bytes) => fromBinary(MsgPayForSchema, bytes),
    fromPartial: (object) => object,
  });
  const client = await stargate.SigningStargateClient.connectWithSigner(chain.urls.rpc, wallet, {
    registry,
    gasPrice: stargate.GasPrice.fromString("0unil"),
    broadcastPollIntervalMs: 20,
  });
  const payload = toBinary(
    AddFundsPayloadSchema,
    create(AddFundsPayloadSchema, { recipient: me, nonce: crypto.getRandomValues(new Uint8Array(32)) }),
  );
  const message = {
    typeUrl: "/nillion.meta.v1.MsgPayFor",
    value: {
      resource: sha256(payload),
      fromAddress: payer.address,
      amount: [{ denom: "unil", amount: "100000000000" }],
    },
  };
  const { transactionHash, code } = await client.signAndBroadcast(payer.address, [message], "auto");
  if (code !== 0) throw new Error(`the add-funds payment failed with code ${code}`);
  client.disconnect();
  await payments.addFunds({ payload, txHash: transactionHash });
}

async function receipt(operation) {
  const signedQuote = await payments.priceQuote({ operation });
  return payments.paymentReceipt({ signedQuote, txHash: "" });
}

/** Stores `secrets` with compute permission on `programId`; returns the values id. */
async function storeKey(programId, secrets) {
  const signedReceipt = await receipt({ case: "storeValues", value: { secretSharedCount: 1n } });
  const permissions = {
    owner: me,
    retrieve: [me],
    update: [me],
    delete: [me],
    compute: [{ user: me, programIds: [programId] }],
  };
  const perNode = [];
  for (const party of masker.mask(secrets)) perNode[nodeOfParty(party.partyHex)] = party.values;
  const [{ valuesId }] = await Promise.all(
    values.map((client, index) => client.storeValues({ signedReceipt, permissions, values: perNode[index] })),
  );
  return valuesId;
}

/** Every node's final RetrieveResults answer. */
async function results(computeId) {
  return Promise.all(
    computeClients.map(async (client) => {
      let last;
      for await (const message of client.retrieveResults({ computeId })) last = message.state;
      if (last?.case !== "success") throw new Error(`the computation failed: ${last?.value}`);
      return last.value.values;
    }),
  );
}

const party = (partyName) => ({ partyName, user: me });
const output = (partyName) => ({ partyName, users: [me] });

const scalarKey = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  bytes[31] &= 0x0f; // below ℓ (little-endian): a valid Ed25519 signing scalar
  return bytes;
};

const WORKLOADS = [
  {
    name: "one ECDSA signature (builtin/tecdsa_sign)",
    programId: "builtin/tecdsa_sign",
    prepare: async () => ({
      valueIds: [
        await storeKey("builtin/tecdsa_sign", {
          tecdsa_private_key: new EcdsaPrivateKey(sha256(new Uint8Array([7]))),
        }),
      ],
      computeTime: { tecdsa_digest_message: new EcdsaDigestMessage(sha256(new Uint8Array([1, 2, 3]))) },
      inputBindings: [party("tecdsa_key_party"), party("tecdsa_digest_message_party")],
      outputBindings: [output("tecdsa_output_party")],
    }),
  },
  {
    name: "one EdDSA signature (builtin/teddsa_sign)",
    programId: "builtin/teddsa_sign",
    prepare: async () => ({
      valueIds: [
        await storeKey("builtin/teddsa_sign", { teddsa_private_key: new EddsaPrivateKey(scalarKey()) }),
      ],
      computeTime: { teddsa_message: new EddsaMessage(new Uint8Array(64).fill(9)) },
      inputBindings: [party("teddsa_key_party"), party("teddsa_message_party")],
      outputBindings: [output("teddsa_output_party")],
    }),
  },
  ...["tecdsa", "teddsa"].map((prefix) => ({
    name: `one ${prefix === "tecdsa" ? "ECDSA" : "EdDSA"} key generation (builtin/${prefix}_dkg)`,
    programId: `builtin/${prefix}_dkg`,
    prepare: async () => ({
      valueIds: [],
      computeTime: {},
      inputBindings: [],
      outputBindings: [output(`${prefix}_private_key_store_id_party`), output(`${prefix}_public_key_party`)],
    }),
  })),
];

async function measure(workload) {
  const { valueIds, computeTime, inputBindings, outputBindings } = await workload.prepare();
  const perNode = [];
  for (const share of masker.mask(computeTime)) perNode[nodeOfParty(share.partyHex)] = share.values;
  const invoke = async (signedReceipt) => {
    const [{ computeId }] = await Promise.all(
      computeClients.map((client, index) =>
        client.invokeCompute({
          signedReceipt,
          valueIds,
          values: perNode[index] ?? [],
          inputBindings,
          outputBindings,
        }),
      ),
    );
    await results(computeId);
  };
  const invoked = [];
  const paid = [];
  let last;
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const t0 = performance.now();
    const signedReceipt = await receipt({ case: "invokeCompute", value: { programId: workload.programId } });
    traffic = [];
    const t1 = performance.now();
    await invoke(signedReceipt);
    const t2 = performance.now();
    if (run >= WARM_UP) {
      invoked.push(t2 - t1);
      paid.push(t2 - t0);
    }
    last = traffic;
  }
  const parties = [0, 1, 2];
  const rounds = parties.map((p) => new Set(last.filter((m) => m.to === p).map((m) => m.round)).size);
  const bytes = parties.map((p) =>
    last.filter((m) => m.from === p).reduce((sum, m) => sum + m.elements.length * 32, 0),
  );
  return {
    workload: workload.name,
    "invoke → result ms": median(invoked).toFixed(1),
    "quote → result ms": median(paid).toFixed(1),
    "rounds per node": rounds.join(" / "),
    "bytes sent per node": bytes.join(" / "),
  };
}

try {
  await addFunds();
  console.log(
    `@nillion/devnet threshold-signature benchmark — ${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, Node ${process.version}`,
  );
  console.log(
    `3 nodes (one process, gRPC over HTTP/2 on loopback), T = 1, SAFE_256_BITS, balance mode; medians of ${RUNS} runs after ${WARM_UP} warm-up runs\n`,
  );
  const rows = [];
  for (const workload of WORKLOADS) rows.push(await measure(workload));
  console.table(rows);
} finally {
  await devnet.stop();
}
