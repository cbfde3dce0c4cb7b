#!/usr/bin/env node
// Compute benchmark on a real devnet: three nodes with compute in this process (T = 1, 256-bit prime),
// each on its own port, talking gRPC over HTTP/2 to each other and to the client, with a chain emulator for
// payments. Each program is built from @nillion/nada's model, encoded and uploaded through the Programs
// service, its secret inputs stored masked per node through the Values service:
//   - the inner product of two 1,000-element secret arrays;
//   - 1,000 independent products of secrets in one program;
//   - a chain of 50 dependent products;
//   - 100 secret comparisons in one program (each its own LessThanShares);
//   - 100 secret equalities (EqualsSecret);
//   - 10 divisions of secrets by secrets (DivisionIntegerSecretDivisor);
//   - the maximum of 32 secrets, reduced with `if_else` (31 comparisons in a chain);
//   - 1,000 secret comparisons in one program (the most one computation may use; its pool is enlarged
//     so that the material is ready before the clock starts).
// Preprocessing comes from the leader's pools; before each run the bench waits until PoolStatus says no
// pool is being refilled, so generation does not compete with the computation measured.
// Per workload: wall time end to end from sending InvokeCompute to every node until every node's result
// is in (the receipt is paid before the clock starts; unmasking is timed separately), the communication
// rounds each node ran and the bytes of field elements each node sent its peers (elements × 32; the
// protobuf and HTTP/2 framing around them is not counted). Medians of timed runs after warm-up runs.
// Run with `pnpm --filter @nillion/devnet bench` after `pnpm build`.
import os from "node:os";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import * as protoSigning from "@cosmjs/proto-signing";
import * as stargate from "@cosmjs/stargate";
import { createSignedToken, encodeTokenHeader, PrivateKey, SecretMasker } from "@nillion/crypto";
import { computeExtension, DEVNET_POOLS, Devnet } from "@nillion/devnet";
import { encodeProgram } from "@nillion/nada";
import { Compute } from "@nillion/proto/nillion/compute/v1/service";
import { LeaderQueries } from "@nillion/proto/nillion/leader_queries/v1/service";
import { MsgPayForSchema } from "@nillion/proto/nillion/meta/v1/tx";
import { AddFundsPayloadSchema } from "@nillion/proto/nillion/payments/v1/balance";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { Programs } from "@nillion/proto/nillion/programs/v1/service";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import { NamedValueSchema } from "@nillion/proto/nillion/values/v1/value";
import { Array as NadaArray, SecretInteger } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const WARM_UP = 5;
// The preprocessing-heavy workloads run fewer times: every run draws fresh elements.
const TIER_B_RUNS = Number(process.env.BENCH_TIER_B_RUNS ?? 11);
const TIER_B_WARM_UP = 2;
const SIZE = 1000;
const CHAIN = 50;
const SECRET = { kind: "SecretInteger" };
const SECRET_BOOLEAN = { kind: "SecretBoolean" };
const arrayOf = (size, element = SECRET) => ({ kind: "Array", element, size });

/** A program with one party "P", encoded as a client uploads it; `body(op, inputs)` returns the outputs. */
function buildProgram(inputs, body) {
  const operations = [];
  const op = (operation) => {
    const id = operations.length;
    operations.push({ ...operation, id, sourceRefIndex: 0 });
    return id;
  };
  const loaded = Object.fromEntries(
    inputs.map(({ name, type }) => [name, op({ kind: "inputReference", input: name, type })]),
  );
  const outputs = body(op, loaded).map(({ name, operationId, type }) => ({
    name,
    operationId,
    type,
    party: "P",
    sourceRefIndex: 0,
  }));
  return encodeProgram({
    parties: [{ name: "P", sourceRefIndex: 0 }],
    inputs: inputs.map(({ name, type }) => ({ name, type, party: "P", doc: "", sourceRefIndex: 0 })),
    literals: [],
    outputs,
    operations,
    functions: [],
    sourceFiles: { "bench.py": "" },
    sourceRefs: [{ file: "bench.py", line: 1, offset: 0, length: 0 }],
  });
}

const secretArray = (size, offset) =>
  new NadaArray(Array.from({ length: size }, (_, i) => new SecretInteger(BigInt(i * 7919 - offset))));
const twoArrays = [
  { name: "xs", type: arrayOf(SIZE) },
  { name: "ys", type: arrayOf(SIZE) },
];

const WORKLOADS = [
  {
    name: "inner product of two 1,000-element secret arrays",
    depth: 1,
    program: () =>
      buildProgram(twoArrays, (op, { xs, ys }) => [
        {
          name: "dot",
          operationId: op({ kind: "innerProduct", left: xs, right: ys, type: SECRET }),
          type: SECRET,
        },
      ]),
    values: () => ({ xs: secretArray(SIZE, 500_000), ys: secretArray(SIZE, -3) }),
  },
  {
    name: "1,000 independent secret multiplications",
    depth: 1,
    program: () =>
      buildProgram(twoArrays, (op, { xs, ys }) => {
        const products = Array.from({ length: SIZE }, (_, index) => {
          const left = op({ kind: "arrayAccessor", source: xs, index, type: SECRET });
          const right = op({ kind: "arrayAccessor", source: ys, index, type: SECRET });
          return op({ kind: "multiplication", left, right, type: SECRET });
        });
        const type = arrayOf(SIZE);
        return [{ name: "products", operationId: op({ kind: "new", elements: products, type }), type }];
      }),
    values: () => ({ xs: secretArray(SIZE, 500_000), ys: secretArray(SIZE, -3) }),
  },
  {
    name: "chain of 50 dependent multiplications",
    depth: CHAIN,
    program: () =>
      buildProgram(
        [
          { name: "x", type: SECRET },
          { name: "ys", type: arrayOf(CHAIN) },
        ],
        (op, { x, ys }) => {
          let product = x;
          for (let index = 0; index < CHAIN; index++) {
            const factor = op({ kind: "arrayAccessor", source: ys, index, type: SECRET });
            product = op({ kind: "multiplication", left: product, right: factor, type: SECRET });
          }
          return [{ name: "product", operationId: product, type: SECRET }];
        },
      ),
    values: () => ({
      x: new SecretInteger(3),
      ys: new NadaArray(Array.from({ length: CHAIN }, (_, i) => new SecretInteger(BigInt((i % 5) - 2 || 1)))),
    }),
  },
];

/** `count` independent `kind` operations on xs[i], ys[i], in one program whose output is the array of results. */
function pairwise(kind, count, type) {
  return {
    program: () =>
      buildProgram(
        [
          { name: "xs", type: arrayOf(count) },
          { name: "ys", type: arrayOf(count) },
        ],
        (op, { xs, ys }) => {
          const results = Array.from({ length: count }, (_, index) => {
            const left = op({ kind: "arrayAccessor", source: xs, index, type: SECRET });
            const right = op({ kind: "arrayAccessor", source: ys, index, type: SECRET });
            return op({ kind, left, right, type });
          });
          const arrayType = arrayOf(count, type);
          return [
            {
              name: "results",
              operationId: op({ kind: "new", elements: results, type: arrayType }),
              type: arrayType,
            },
          ];
        },
      ),
    values: () => ({
      xs: new NadaArray(
        Array.from({ length: count }, (_, i) => new SecretInteger(BigInt(i * 7919 - 500_000))),
      ),
      ys: new NadaArray(
        Array.from({ length: count }, (_, i) => new SecretInteger(BigInt((i % 3) * 1000 + 17 - i))),
      ),
    }),
    runs: TIER_B_RUNS,
    warmUp: TIER_B_WARM_UP,
  };
}

// BENCH_LARGE=1 adds the 1,000-comparison workload; a commit whose pools refuse it runs without.
const LARGE = process.env.BENCH_LARGE === "1";
const LARGE_COMPARE = LARGE
  ? { batchSize: 32, generationThreshold: 1024, targetOffsetJump: 32, maxPerComputation: 1024 }
  : undefined;
const MAX_OF = 32;
WORKLOADS.push(
  { name: "100 secret comparisons", depth: 1, ...pairwise("lessThan", 100, SECRET_BOOLEAN) },
  { name: "100 secret equalities", depth: 1, ...pairwise("equals", 100, SECRET_BOOLEAN) },
  { name: "10 secret divisions (secret divisor)", depth: 1, ...pairwise("division", 10, SECRET) },
  {
    name: "maximum of 32 secrets (if_else reduce)",
    depth: 2 * (MAX_OF - 1),
    program: () =>
      buildProgram([{ name: "xs", type: arrayOf(MAX_OF) }], (op, { xs }) => {
        let max = op({ kind: "arrayAccessor", source: xs, index: 0, type: SECRET });
        for (let index = 1; index < MAX_OF; index++) {
          const next = op({ kind: "arrayAccessor", source: xs, index, type: SECRET });
          const less = op({ kind: "lessThan", left: max, right: next, type: SECRET_BOOLEAN });
          max = op({ kind: "ifElse", condition: less, whenTrue: next, whenFalse: max, type: SECRET });
        }
        return [{ name: "max", operationId: max, type: SECRET }];
      }),
    values: () => ({
      xs: new NadaArray(
        Array.from({ length: MAX_OF }, (_, i) => new SecretInteger(BigInt(((i * 7919) % 1009) - 500))),
      ),
    }),
    runs: TIER_B_RUNS,
    warmUp: TIER_B_WARM_UP,
  },
);
if (LARGE) {
  WORKLOADS.push({
    name: "1,000 secret comparisons",
    depth: 1,
    ...pairwise("lessThan", 1000, SECRET_BOOLEAN),
    runs: 5,
    warmUp: 1,
  });
}

const median = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// --- the cluster ---------------------------------------------------------------------------------------

/** Round messages as the nodes receive them; `from` and `to` are party numbers. */
let traffic = [];
const devnet = await Devnet.start({
  portBase: 0,
  chain: { blockIntervalMs: 10 },
  extensions: [
    computeExtension({
      onPeerMessage: (message) => traffic.push(message),
      ...(LARGE_COMPARE ? { pools: { ...DEVNET_POOLS, COMPARE: LARGE_COMPARE } } : {}),
    }),
  ],
});

const { chain, layout } = devnet;

// --- the client ----------------------------------------------------------------------------------------

const user = PrivateKey.fromSeed("compute bench");
// Like any client that makes many calls, it reuses a token per node until shortly before it expires
// (signing one, and the node verifying it, costs more than the computations measured here).
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
const leaderQueries = createClient(LeaderQueries, transports[layout.leaderIndex]);
const values = transports.map((transport) => createClient(Values, transport));
const programs = transports.map((transport) => createClient(Programs, transport));
const computeClients = transports.map((transport) => createClient(Compute, transport));
const masker = new SecretMasker({
  prime: "SAFE_256_BITS",
  degree: 1,
  parties: layout.nodes.map((n) => n.nodeId),
});
const nodeOfParty = (party) =>
  layout.nodes.findIndex((node) => Buffer.from(node.nodeId).toString("hex") === party);

/** One chain payment funds a balance that pays for everything else. */
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
    create(AddFundsPayloadSchema, {
      recipient: { contents: user.userId.bytes },
      nonce: crypto.getRandomValues(new Uint8Array(32)),
    }),
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

async function storeProgram(name, program) {
  const signedReceipt = await receipt({
    case: "storeProgram",
    value: { name, contentsSha256: sha256(program), metadata: { programSize: BigInt(program.length) } },
  });
  const [{ programId }] = await Promise.all(
    programs.map((client) => client.storeProgram({ program, signedReceipt })),
  );
  return programId;
}

async function storeValues(programId, secrets) {
  const signedReceipt = await receipt({ case: "storeValues", value: { secretSharedCount: 2n } });
  const me = { contents: user.userId.bytes };
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

/** Waits until no preprocessing pool is being refilled. */
async function poolsSettled() {
  for (;;) {
    const signedReceipt = await receipt({ case: "poolStatus", value: {} });
    const status = await leaderQueries.poolStatus({ signedReceipt });
    if (!status.preprocessingActive) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function measure(workload) {
  const warmUp = workload.warmUp ?? WARM_UP;
  const runs = workload.runs ?? RUNS;
  const programId = await storeProgram(workload.name.replace(/[^A-Za-z0-9]+/g, "_"), workload.program());
  const valueIds = [await storeValues(programId, workload.values())];
  const binding = {
    inputBindings: [{ partyName: "P", user: { contents: user.userId.bytes } }],
    outputBindings: [{ partyName: "P", users: [{ contents: user.userId.bytes }] }],
  };
  const wall = [];
  const unmasking = [];
  let last;
  for (let run = 0; run < warmUp + runs; run++) {
    await poolsSettled();
    const signedReceipt = await receipt({ case: "invokeCompute", value: { programId } });
    traffic = [];
    const t0 = performance.now();
    const [{ computeId }] = await Promise.all(
      computeClients.map((client) =>
        client.invokeCompute({ signedReceipt, valueIds, values: [], ...binding }),
      ),
    );
    const answers = await results(computeId);
    const t1 = performance.now();
    masker.unmask(
      answers.map((answer, index) => ({
        party: layout.nodes[index].nodeId,
        values: answer.map((v) => create(NamedValueSchema, v)),
      })),
    );
    const t2 = performance.now();
    if (run >= warmUp) {
      wall.push(t1 - t0);
      unmasking.push(t2 - t1);
    }
    last = traffic;
  }
  // Per node (by party number, as the engine numbers them): rounds it ran, bytes of elements it sent.
  const parties = [0, 1, 2];
  const rounds = parties.map((party) => new Set(last.filter((m) => m.to === party).map((m) => m.round)).size);
  const bytes = parties.map((party) =>
    last.filter((m) => m.from === party).reduce((sum, m) => sum + m.elements.length * 32, 0),
  );
  return {
    workload: workload.name,
    "invoke → result ms": median(wall).toFixed(1),
    "unmask ms": median(unmasking).toFixed(1),
    "rounds per node": rounds.join(" / "),
    "online levels": workload.depth,
    "bytes sent per node": bytes.join(" / "),
  };
}

try {
  await addFunds();
  console.log(
    `@nillion/devnet compute benchmark — ${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, Node ${process.version}`,
  );
  console.log(
    `3 nodes (one process, gRPC over HTTP/2 on loopback), T = 1, SAFE_256_BITS; medians of ${RUNS} runs after ${WARM_UP} warm-up runs (tier B: ${TIER_B_RUNS} after ${TIER_B_WARM_UP})\n`,
  );
  const rows = [];
  // BENCH_ONLY=<text> runs the workloads whose name contains it.
  const only = process.env.BENCH_ONLY;
  for (const workload of WORKLOADS) {
    if (only === undefined || workload.name.includes(only)) rows.push(await measure(workload));
  }
  console.table(rows);
  if (process.env.BENCH_JSON !== undefined) console.log(`BENCH_JSON ${JSON.stringify(rows)}`);
} finally {
  await devnet.stop();
}
