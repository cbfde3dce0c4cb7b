#!/usr/bin/env node
// Engine benchmark: workloads on the in-process simulator (3 parties, T = 1, 256-bit prime), each
// program built from @nillion/nada's model, encoded to .nada.bin bytes, decoded, validated and planned
// like an uploaded program:
//   - the inner product of two 1,000-element secret arrays;
//   - 1,000 independent products of secrets in one program;
//   - a chain of 50 dependent products;
//   - 100 secret comparisons, 100 secret equalities, 10 divisions by secret divisors (each batch in one
//     program, so the operations share their rounds);
//   - the maximum of 32 secrets reduced with if_else (31 comparisons in a chain);
//   - one threshold ECDSA signature and one threshold EdDSA signature (each party also validates its
//     key share as it reads it).
// Per workload: wall time of the simulated computation (all three parties run in this one thread, so
// it is the sum of their CPU time), the same for masking the inputs and unmasking the outputs, and for
// the trusted dealer's preprocessing; rounds and bytes each party sends (field elements × 32). Medians
// of timed runs after warm-up runs.
// Run with `pnpm bench` in packages/mpc after `pnpm build`.
import os from "node:os";
import { SecretMasker } from "@nillion/crypto";
import { dealPreprocessing, planExecution, simulateProgram } from "@nillion/mpc";
import { assertValidProgram, decodeProgram, encodeProgram } from "@nillion/nada";
import {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  EddsaMessage,
  EddsaPrivateKey,
  Array as NadaArray,
  SecretInteger,
} from "@nillion/types";

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const WARM_UP = 5;
const PRIME = "SAFE_256_BITS";
const PARTIES = 3;
const SIZE = 1000;
const CHAIN = 50;

const SECRET = { kind: "SecretInteger" };
const SECRET_BOOLEAN = { kind: "SecretBoolean" };
const arrayOf = (size, element = SECRET) => ({ kind: "Array", element, size });

/** A program model with one party "P"; `body(op)` adds operations and returns the outputs. */
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
  const model = {
    parties: [{ name: "P", sourceRefIndex: 0 }],
    inputs: inputs.map(({ name, type }) => ({ name, type, party: "P", doc: "", sourceRefIndex: 0 })),
    literals: [],
    outputs,
    operations,
    functions: [],
    sourceFiles: { "bench.py": "" },
    sourceRefs: [{ file: "bench.py", line: 1, offset: 0, length: 0 }],
  };
  // Through the wire format and back, as a node receives an uploaded program.
  const program = decodeProgram(encodeProgram(model));
  assertValidProgram(program);
  return program;
}

const secretArray = (offset) =>
  new NadaArray(Array.from({ length: SIZE }, (_, i) => new SecretInteger(BigInt(i * 7919 - offset))));

const WORKLOADS = [
  {
    name: "inner product of two 1,000-element secret arrays",
    program: () =>
      buildProgram(
        [
          { name: "xs", type: arrayOf(SIZE) },
          { name: "ys", type: arrayOf(SIZE) },
        ],
        (op, { xs, ys }) => [
          {
            name: "dot",
            operationId: op({ kind: "innerProduct", left: xs, right: ys, type: SECRET }),
            type: SECRET,
          },
        ],
      ),
    values: () => ({ xs: secretArray(500_000), ys: secretArray(-3) }),
  },
  {
    name: "1,000 independent secret multiplications",
    program: () =>
      buildProgram(
        [
          { name: "xs", type: arrayOf(SIZE) },
          { name: "ys", type: arrayOf(SIZE) },
        ],
        (op, { xs, ys }) => {
          const products = Array.from({ length: SIZE }, (_, index) => {
            const left = op({ kind: "arrayAccessor", source: xs, index, type: SECRET });
            const right = op({ kind: "arrayAccessor", source: ys, index, type: SECRET });
            return op({ kind: "multiplication", left, right, type: SECRET });
          });
          const type = arrayOf(SIZE);
          return [{ name: "products", operationId: op({ kind: "new", elements: products, type }), type }];
        },
      ),
    values: () => ({ xs: secretArray(500_000), ys: secretArray(-3) }),
  },
  {
    name: "a chain of 50 dependent multiplications",
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

/** `count` independent `kind` operations on xs[i], ys[i]; the output is the array of results. */
function pairwise(name, kind, count, type) {
  return {
    name,
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
  };
}

const MAX_OF = 32;
WORKLOADS.push(
  pairwise("100 secret comparisons", "lessThan", 100, SECRET_BOOLEAN),
  pairwise("100 secret equalities", "equals", 100, SECRET_BOOLEAN),
  pairwise("10 secret divisions (secret divisor)", "division", 10, SECRET),
  {
    name: "maximum of 32 secrets (if_else reduce)",
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
  },
);

/** `key.<sign>(message)` for keys of `keyKind` and messages of `messageKind`. */
function signing(sign, keyKind, messageKind, signatureKind) {
  return () =>
    buildProgram(
      [
        { name: "key", type: { kind: keyKind } },
        { name: "message", type: { kind: messageKind } },
      ],
      (op, { key, message }) => {
        const type = { kind: signatureKind };
        return [
          { name: "signature", operationId: op({ kind: sign, left: key, right: message, type }), type },
        ];
      },
    );
}

const EDDSA_SCALAR = new Uint8Array(32).fill(0x5a);
EDDSA_SCALAR[31] = 0x0a; // below ℓ (little-endian)
WORKLOADS.push(
  {
    name: "one threshold ECDSA signature",
    program: signing("ecdsaSign", "EcdsaPrivateKey", "EcdsaDigestMessage", "EcdsaSignature"),
    values: () => ({
      key: new EcdsaPrivateKey(new Uint8Array(32).fill(0x3c)),
      message: new EcdsaDigestMessage(new Uint8Array(32).fill(0x17)),
    }),
  },
  {
    name: "one threshold EdDSA signature",
    program: signing("eddsaSign", "EddsaPrivateKey", "EddsaMessage", "EddsaSignature"),
    values: () => ({ key: new EddsaPrivateKey(EDDSA_SCALAR), message: new EddsaMessage(new Uint8Array(64)) }),
  },
);

const median = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const ids = Array.from({ length: PARTIES }, (_, i) =>
  Uint8Array.from({ length: 20 }, (_, j) => (i * 53 + j * 7 + 1) & 0xff),
);
const masker = new SecretMasker({ prime: PRIME, degree: 1, parties: ids });

async function measure(workload) {
  const plan = planExecution(workload.program());
  const values = workload.values();
  let last;
  const engine = [];
  const masking = [];
  const dealing = [];
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const t0 = performance.now();
    const shares = masker.mask(values);
    const t1 = performance.now();
    const preprocessing = dealPreprocessing(plan.preprocessing, {
      prime: PRIME,
      parties: PARTIES,
      degree: 1,
    });
    const t1b = performance.now();
    const results = await simulateProgram(plan, {
      prime: PRIME,
      degree: 1,
      inputs: shares.map((party) => party.values),
      preprocessing,
    });
    const t2 = performance.now();
    masker.unmask(results.map((result, k) => ({ party: shares[k].party, values: result.outputs.get("P") })));
    const t3 = performance.now();
    if (run >= WARM_UP) {
      engine.push(t2 - t1b);
      dealing.push(t1b - t1);
      masking.push(t1 - t0 + (t3 - t2));
    }
    last = results;
  }
  const traffic = last.map((result) => result.traffic);
  return {
    workload: workload.name,
    "engine ms (3 parties)": median(engine).toFixed(1),
    "mask+unmask ms": median(masking).toFixed(1),
    "dealer ms": median(dealing).toFixed(1),
    rounds: traffic[0].rounds,
    "planned depth": plan.onlineDepth,
    "bytes sent per party": traffic.map((t) => t.bytes).join(" / "),
  };
}

console.log(
  `@nillion/mpc engine benchmark — ${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, Node ${process.version}`,
);
console.log(`${PARTIES} parties, T = 1, ${PRIME}; medians of ${RUNS} runs after ${WARM_UP} warm-up runs\n`);
const rows = [];
for (const workload of WORKLOADS) rows.push(await measure(workload));
console.table(rows);
