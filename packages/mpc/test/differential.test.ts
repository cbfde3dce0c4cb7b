// Issue #9's differential test: random small programs over comparison, shifts, truncation, division,
// modulo, equality and random() (with arithmetic, if_else and NOT around them) run through the engine,
// with dealt preprocessing, and through the plaintext reference evaluator of node-mpc.md §2.4; every
// output of the engine must be one the reference allows. Reproducible: DIFFERENTIAL_SEED replays a run
// (each failure names its seed and program), DIFFERENTIAL_PROGRAMS sets the programs per prime.
import { type PrimeName, SecretMasker } from "@nillion/crypto";
import { assertValidProgram, type NadaType } from "@nillion/nada";
import {
  Integer,
  type NadaValue,
  type NadaValues,
  SecretInteger,
  SecretUnsignedInteger,
  UnsignedInteger,
} from "@nillion/types";
import { describe, expect, it } from "vitest";
import { dealPreprocessing, planExecution, simulateProgram } from "../src/index.js";
import { toJson } from "./fixtures.js";
import { ProgramBuilder, T } from "./program-builder.js";
import { type GeneratedProgram, generateProgram } from "./random-program.js";
import {
  DIVISION_BY_ZERO,
  ReferenceField,
  type ReferenceOutcome,
  referenceOutcomes,
  SIZE_ERROR,
} from "./reference-evaluator.js";
import { type Cluster, partyIds } from "./run-program.js";
import { deriveSeed, SeededRandom } from "./seeded-random.js";

const SEED = BigInt(process.env["DIFFERENTIAL_SEED"] ?? "0x7d1ff3e5a1c0b9e1");
const PROGRAMS_PER_PRIME = Number(process.env["DIFFERENTIAL_PROGRAMS"] ?? 200);
const PRIMES = ["SAFE_64_BITS", "SAFE_128_BITS", "SAFE_256_BITS"] as const;
/** Of the programs, the share built to fail (a public zero divisor, a divisor or shift of k bits). */
const FAILING_SHARE = 0.08;

interface Case {
  readonly name: string;
  readonly cluster: Cluster;
  readonly generated: GeneratedProgram;
  /** How to run this case alone, and the program, for failure messages. */
  readonly context: string;
}

function buildCase(prime: PrimeName, primeIndex: number, index: number): Case {
  const seed = deriveSeed(SEED, primeIndex * 1_000_000 + index);
  const random = new SeededRandom(seed);
  const [parties, degree] = random.weighted<[number, number]>([
    [[3, 1], 15],
    [[5, 1], 2],
    [[5, 2], 3],
  ]);
  const cluster = { prime, parties, degree };
  const generated = generateProgram(random, prime, {
    operations: random.int(1, 6),
    failing: random.chance(FAILING_SHARE),
  });
  const name = `${prime} program ${index}`;
  const inputs = Object.entries(generated.inputs).map(([input, value]) => `${input}=${value}`);
  const context = [
    `${name} (n=${parties}, T=${degree}); replay: DIFFERENTIAL_SEED=0x${SEED.toString(16)} pnpm exec vitest run --project mpc test/differential.test.ts -t "${name}$"`,
    `inputs: ${inputs.join(", ") || "none"}`,
    generated.listing,
    ...(generated.expectedError === undefined ? [] : [`built to fail with: ${generated.expectedError}`]),
  ].join("\n");
  return { name, cluster, generated, context };
}

const json = (values: NadaValues): Record<string, unknown> =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, toJson(value)]));

/** Runs every party with freshly dealt preprocessing; the output party `P`'s values, or the failure. */
async function runEngine({
  generated,
  cluster,
}: Case): Promise<{ readonly outputs: NadaValues } | { readonly error: unknown }> {
  assertValidProgram(generated.program);
  const plan = planExecution(generated.program);
  const masker = new SecretMasker({
    prime: cluster.prime,
    degree: cluster.degree,
    parties: partyIds(cluster.parties),
  });
  const shares = masker.mask(generated.inputs);
  try {
    const results = await simulateProgram(plan, {
      prime: cluster.prime,
      degree: cluster.degree,
      inputs: shares.map((party) => party.values),
      preprocessing: dealPreprocessing(plan.preprocessing, cluster),
    });
    return {
      outputs: masker.unmask(
        results.map((result, k) => ({
          party: shares[k]?.party ?? "",
          values: result.outputs.get("P") ?? [],
        })),
      ),
    };
  } catch (error) {
    return { error };
  }
}

/** The residues the engine's random() operations drew, read back from their outputs. */
function drawnRandoms(field: ReferenceField, randomIds: readonly number[], outputs: NadaValues) {
  return new Map(
    randomIds.map((id) => {
      const value = outputs[`o${id}`] as NadaValue;
      if (value.type === "SecretBoolean") return [id, value.value ? 1n : 0n];
      if (value.type === "SecretInteger" || value.type === "SecretUnsignedInteger") {
        return [id, field.mod(value.value)];
      }
      throw new Error(`random output o${id} is a ${value.type}`);
    }),
  );
}

const describeOutcome = (outcome: ReferenceOutcome) =>
  "error" in outcome ? { error: outcome.error } : json(outcome.outputs["P"] ?? {});

const casesOf = (count: number) =>
  PRIMES.map((prime, primeIndex) =>
    Array.from({ length: count }, (_, index) => buildCase(prime, primeIndex, index)),
  );

describe.each(
  casesOf(PROGRAMS_PER_PRIME).map((cases, index) => [PRIMES[index] as PrimeName, cases] as const),
)("%s", (prime, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_, testCase) => {
    const { generated, context } = testCase;
    const engine = await runEngine(testCase);
    if ("error" in engine) {
      const message = engine.error instanceof Error ? engine.error.message : String(engine.error);
      expect(generated.expectedError, `${context}\nthe engine failed: ${message}`).toBeDefined();
      // The failing operation never reads a random() draw, so any draws do.
      const randoms = new Map(generated.randomIds.map((id) => [id, 0n]));
      const outcomes = referenceOutcomes(generated.program, { prime, inputs: generated.inputs, randoms });
      expect(outcomes, context).toEqual([{ error: generated.expectedError }]);
      expect(message, context).toContain(generated.expectedError);
      return;
    }
    expect(generated.expectedError, `${context}\nthe engine did not fail`).toBeUndefined();
    const randoms = drawnRandoms(new ReferenceField(prime), generated.randomIds, engine.outputs);
    const allowed = referenceOutcomes(generated.program, { prime, inputs: generated.inputs, randoms });
    expect(allowed.map(describeOutcome), context).toContainEqual(json(engine.outputs));
  });
});

describe("the generated programs", () => {
  it("depend on the seed alone", () => {
    expect(buildCase("SAFE_128_BITS", 1, 7)).toEqual(buildCase("SAFE_128_BITS", 1, 7));
  });

  // Planned without running, so a small DIFFERENTIAL_PROGRAMS cannot hide a template that stopped working.
  it("reach every protocol of the operations under test", () => {
    const cases = casesOf(150).flat();
    const protocols = new Map<string, number>();
    for (const { generated } of cases) {
      for (const stage of planExecution(generated.program).stages) {
        for (const step of [...stage.local, ...stage.online]) {
          if (step.protocol !== undefined)
            protocols.set(step.protocol, (protocols.get(step.protocol) ?? 0) + 1);
        }
      }
    }
    const expected = [
      "LessThanShares",
      "LessThanPublic",
      "RightShiftShares",
      "RightShiftPublic",
      "TruncPr",
      "DivisionIntegerSecretDividendPublicDivisor",
      "ModuloIntegerSecretDividendPublicDivisor",
      "DivisionIntegerSecretDivisor",
      "ModuloIntegerSecretDivisor",
      "DivisionIntegerPublic",
      "ModuloIntegerPublic",
      "EqualsSecret",
      "EqualsPublic",
      "PublicOutputEquality",
      "RandomInteger",
      "RandomBoolean",
      "IfElse",
      "IfElsePublicCond",
      "IfElsePublicBranches",
      "Not",
      "Reveal",
      "MultiplicationShares",
      "LeftShiftShares",
    ];
    for (const protocol of expected) {
      expect(protocols.get(protocol) ?? 0, protocol).toBeGreaterThanOrEqual(5);
    }
    expect(cases.filter((c) => c.generated.expectedError !== undefined).length).toBeGreaterThanOrEqual(10);
  });
});

// The oracle itself, on the vectors of node-mpc.md §2.4 (and the rules for secret divisors).
describe("the reference evaluator", () => {
  type Row = readonly [
    kind: Parameters<ProgramBuilder["binary"]>[0],
    left: NadaType,
    right: NadaType,
    a: bigint,
    b: bigint,
    allowed: readonly (bigint | boolean | string)[],
  ];
  const field = new ReferenceField("SAFE_64_BITS");

  /** The values (or errors) `a <kind> b` may give, with each operand an input of the given type. */
  function outcomesOf([kind, left, right, a, b]: Row) {
    const builder = new ProgramBuilder();
    builder.output("out", builder.binary(kind, builder.input("a", left), builder.input("b", right)));
    return referenceOutcomes(builder.build(), {
      prime: "SAFE_64_BITS",
      inputs: { a: operandValue(left, a), b: operandValue(right, b) },
    }).map((outcome) => {
      if ("error" in outcome) return outcome.error;
      const out = outcome.outputs["P"]?.["out"] as (NadaValue & { value: bigint | boolean }) | undefined;
      return out?.value;
    });
  }

  function operandValue(type: NadaType, value: bigint): NadaValue {
    const element = field.mod(value);
    switch (type.kind) {
      case "Integer":
        return new Integer(field.centred(element));
      case "SecretInteger":
        return new SecretInteger(field.centred(element));
      case "UnsignedInteger":
        return new UnsignedInteger(element);
      default:
        return new SecretUnsignedInteger(element);
    }
  }

  const half = field.half;
  const rows: Row[] = [
    ["division", T.SInt, T.Int, -542n, 34n, [-16n]],
    ["division", T.SInt, T.Int, 782n, -65n, [-13n]],
    ["division", T.SInt, T.Int, 19n, -3n, [-7n]],
    ["division", T.Int, T.Int, -27n, -4n, [6n]],
    ["division", T.SInt, T.Int, 4n, -2n, [-2n]],
    ["division", T.SInt, T.Int, 12n, 42n, [0n]],
    ["modulo", T.SInt, T.Int, -52n, 34n, [16n]],
    ["modulo", T.SInt, T.Int, 52n, -34n, [-16n]],
    ["modulo", T.Int, T.Int, -52n, -34n, [-18n]],
    ["modulo", T.SInt, T.SInt, -15n, 12n, [9n]],
    ["modulo", T.Int, T.SInt, 15n, -12n, [-9n]],
    ["modulo", T.SInt, T.SInt, -15n, -12n, [-3n]],
    ["division", T.SUInt, T.UInt, 542n, 34n, [15n]],
    ["modulo", T.SUInt, T.UInt, 33n, 32n, [1n]],
    ["division", T.SInt, T.SInt, -75n, -5n, [15n]],
    ["division", T.SUInt, T.SUInt, 12n, 0n, [0n]],
    ["division", T.Int, T.SInt, 12n, 0n, [0n]],
    ["modulo", T.SInt, T.SInt, -12n, 0n, [-12n]],
    ["division", T.SInt, T.Int, 12n, 0n, [DIVISION_BY_ZERO]],
    ["modulo", T.UInt, T.UInt, 12n, 0n, [DIVISION_BY_ZERO]],
    ["division", T.SInt, T.Int, 12n, 1024n, [SIZE_ERROR]],
    ["division", T.SInt, T.Int, 12n, -1023n, [0n - 1n]],
    ["rightShift", T.SInt, T.UInt, 80n, 3n, [10n]],
    ["rightShift", T.SInt, T.UInt, -5n, 1n, [-3n]],
    ["rightShift", T.Int, T.UInt, -5n, 100n, [-1n]],
    ["rightShift", T.SInt, T.UInt, 5n, 11n, [SIZE_ERROR]],
    ["truncPr", T.SInt, T.UInt, 7n, 1n, [3n, 4n]],
    ["truncPr", T.SInt, T.UInt, -7n, 2n, [-2n, -1n]],
    ["truncPr", T.SUInt, T.UInt, 8n, 2n, [2n]],
    ["truncPr", T.SInt, T.UInt, 8n, 0n, [8n]],
    // The node's rule reads (a − b) mod p, so UnsignedIntegers across p/2 compare "wrongly".
    ["lessThan", T.SUInt, T.UInt, half + 1n, 0n, [true]],
    ["lessThan", T.UInt, T.UInt, half + 1n, 0n, [false]],
    ["lessThan", T.Int, T.SInt, -4n, -3n, [true]],
    ["lessThan", T.Int, T.Int, -4n, -5n, [false]],
    ["equals", T.SInt, T.Int, -1n, field.p - 1n, [true]],
    ["publicOutputEquality", T.SUInt, T.SUInt, 3n, 4n, [false]],
    ["leftShift", T.SInt, T.UInt, -1n, 70n, [field.centred(field.mod(-(2n ** 70n)))]],
  ];

  it.each(
    rows.map((row) => [`${row[0]}(${row[3]}: ${row[1].kind}, ${row[4]}: ${row[2].kind})`, row] as const),
  )("%s", (_, row) => {
    expect(new Set(outcomesOf(row))).toEqual(new Set(row[5]));
  });

  it("refuses operands outside the exact ranges", () => {
    expect(() => outcomesOf(["rightShift", T.SInt, T.UInt, 1024n, 1n, []])).toThrow("not below 2^10");
    expect(() => outcomesOf(["division", T.SInt, T.SInt, 2048n, 1n, []])).toThrow("not below 2^11");
  });
});
