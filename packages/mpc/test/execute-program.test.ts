// executeProgram and simulateProgram around the protocols: checking inputs, drawing preprocessing, and
// failing cleanly.
import { SecretMasker, type WireNamedValueInput } from "@nillion/crypto";
import {
  Integer,
  InternalError,
  InvalidArgumentError,
  Array as NadaArray,
  SecretInteger,
} from "@nillion/types";
import { describe, expect, it } from "vitest";
import {
  checkProgramInputs,
  executeProgram,
  InMemoryNetwork,
  type PreprocessingSource,
  planExecution,
  simulateProgram,
} from "../src/index.js";
import { drawPreprocessing } from "../src/preprocessing-source.js";
import { fixtureProgram } from "./fixtures.js";
import { ProgramBuilder, T } from "./program-builder.js";
import { rejection } from "./rejection.js";
import { partyIds } from "./run-program.js";

const prime = "SAFE_256_BITS";
const masker = new SecretMasker({ prime, degree: 1, parties: partyIds(3) });

function product() {
  const b = new ProgramBuilder();
  const xs = b.input("xs", T.array(T.SInt, 2));
  const k = b.input("k", T.Int);
  b.output("out", b.binary("multiplication", b.at(xs, 0), b.binary("addition", b.at(xs, 1), k)));
  return planExecution(b.build());
}

const productInputs = () =>
  masker
    .mask({ xs: new NadaArray([new SecretInteger(3), new SecretInteger(4)]), k: new Integer(5) })
    .map((party) => party.values);

describe("inputs", () => {
  it("are checked by checkProgramInputs alone, as executeProgram checks them", () => {
    const [values = []] = productInputs();
    const { program } = product();
    expect(() => checkProgramInputs(program, values, prime)).not.toThrow();
    expect(() => checkProgramInputs(program, values.slice(0, 1), prime)).toThrow("missing values: k");
    expect(() => checkProgramInputs(program, values, "SAFE_128_BITS")).toThrow(
      /invalid values: .* the SAFE_128_BITS field needs 16/,
    );
  });

  const run = (mutate: (values: WireNamedValueInput[]) => WireNamedValueInput[]) =>
    simulateProgram(product(), {
      prime,
      degree: 1,
      inputs: productInputs().map((values, party) => (party === 1 ? mutate([...values]) : values)),
    });

  it.each([
    [
      "missing",
      (values: WireNamedValueInput[]) => values.filter((value) => value.name !== "k"),
      "missing values: k",
    ],
    [
      "unexpected",
      (values: WireNamedValueInput[]) => [...values, { name: "z", value: values[1]?.value }],
      "unexpected values: z",
    ],
    [
      "repeated",
      (values: WireNamedValueInput[]) => [...values, values[1] as WireNamedValueInput],
      "duplicate value key: k",
    ],
    [
      "of another type",
      (values: WireNamedValueInput[]) => [
        values[0] as WireNamedValueInput,
        {
          name: "k",
          value: { value: { case: "publicUnsignedInteger", value: { value: new Uint8Array(32) } } },
        },
      ],
      'invalid values: input "k" must be Integer, got publicUnsignedInteger',
    ],
    [
      "of another width",
      (values: WireNamedValueInput[]) => [
        values[0] as WireNamedValueInput,
        { name: "k", value: { value: { case: "publicInteger", value: { value: new Uint8Array(16) } } } },
      ],
      'invalid values: input "k" has 16 bytes, the SAFE_256_BITS field needs 32',
    ],
    [
      "of another size",
      (values: WireNamedValueInput[]) => {
        const xs = values[0]?.value?.value as {
          case: "array";
          value: { values: unknown[]; innerType: unknown };
        };
        return [
          {
            name: "xs",
            value: { value: { ...xs, value: { ...xs.value, values: xs.value.values.slice(1) } } },
          } as WireNamedValueInput,
          values[1] as WireNamedValueInput,
        ];
      },
      'invalid values: input "xs" must have 2 elements, got 1',
    ],
    [
      "without content",
      (values: WireNamedValueInput[]) => [values[0] as WireNamedValueInput, { name: "k" }],
      'invalid values: input "k" must be Integer, got no value',
    ],
  ])(
    "a party with a value %s fails; the others stop instead of waiting for it",
    async (_, mutate, message) => {
      const failing = run(mutate as (values: WireNamedValueInput[]) => WireNamedValueInput[]);
      await expect(failing).rejects.toThrow(InvalidArgumentError);
      await expect(failing).rejects.toThrow(message);
    },
  );

  it("reads inputs in the masker's shape and writes outputs in it", async () => {
    const results = await simulateProgram(product(), { prime, degree: 1, inputs: productInputs() });
    const values = masker.unmask(
      results.map((result, k) => ({
        party: masker.parties[k]?.id ?? "",
        values: result.outputs.get("P") ?? [],
      })),
    );
    expect(values["out"]).toEqual(new SecretInteger(27));
  });
});

describe("a computation failed by its public values", () => {
  it("fails every party with the same located division by zero, after the rounds before it", async () => {
    const b = new ProgramBuilder();
    const a = b.input("a", T.SInt);
    const d = b.input("d", T.SInt);
    b.output("q", b.binary("division", b.reveal(a), b.reveal(d)));
    const plan = planExecution(b.build());
    const inputs = masker
      .mask({ a: new SecretInteger(7), d: new SecretInteger(0) })
      .map((party) => party.values);
    const network = new InMemoryNetwork(3);
    const outcomes = await Promise.allSettled(
      inputs.map((values, party) =>
        executeProgram(plan, {
          prime,
          parties: 3,
          degree: 1,
          party,
          inputs: values,
          channel: network.channel(party),
        }),
      ),
    );
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(InvalidArgumentError);
      expect(String((outcome as PromiseRejectedResult).reason.message)).toBe(
        "test.py:5: operation 4 (division): division by zero",
      );
    }
  });
});

describe("parameters", () => {
  it("refuses a cluster without an honest majority and a party outside it", async () => {
    const base = { prime, degree: 1, inputs: [], channel: new InMemoryNetwork(2).channel(0) } as const;
    await expect(executeProgram(product(), { ...base, parties: 2, party: 0 })).rejects.toThrow("n ≥ 2T + 1");
    await expect(executeProgram(product(), { ...base, parties: 3, party: 3 })).rejects.toThrow(
      "party must be an index in 0…2",
    );
    await expect(
      simulateProgram(product(), { prime, degree: 1, inputs: productInputs(), preprocessing: [] }),
    ).rejects.toThrow("one preprocessing source per party is needed: 3 parties, 0 sources");
  });
});

describe("preprocessing", () => {
  const refusing: PreprocessingSource = {
    draw: () => Promise.reject(new InternalError("nothing may be drawn")),
  };

  it("is not drawn by programs that consume none", async () => {
    const results = await simulateProgram(product(), {
      prime,
      degree: 1,
      inputs: productInputs(),
      preprocessing: [refusing, refusing, refusing],
    });
    expect(results).toHaveLength(3);
  });

  it("is drawn once per element kind and handed to each step at its offset", async () => {
    const plan = planExecution(fixtureProgram("div_mod_public"));
    const calls: unknown[] = [];
    const material = await drawPreprocessing(plan, {
      draw: async (element, offset, count) => {
        calls.push([element, offset, count]);
        return Array.from({ length: count }, (_, i) => [BigInt(100 + i)]);
      },
    });
    expect(calls).toEqual([["MODULO", 0, 3]]);
    const byOffset = plan.stages.flatMap((stage) =>
      stage.online.map((step) => [step.preprocessing?.offset, material.get(step.operation.id)]),
    );
    expect(byOffset).toEqual([
      [0, [100n]],
      [1, [101n]],
      [2, [102n]],
    ]);
  });

  it("needs a source that returns what is drawn", async () => {
    const plan = planExecution(fixtureProgram("div_mod_public"));
    await expect(drawPreprocessing(plan, undefined)).rejects.toThrow(
      "the program consumes preprocessing (MODULO ×3) but no source was given",
    );
    await expect(drawPreprocessing(plan, { draw: async () => [[1n]] })).rejects.toThrow(
      "the preprocessing source returned 1 MODULO elements, 3 were drawn",
    );
    expect((await drawPreprocessing(product(), undefined)).size).toBe(0);
  });

  it("fails the computation when an element does not have its layout's length", async () => {
    const b = new ProgramBuilder();
    b.output("less", b.binary("lessThan", b.input("a", T.SInt), b.input("c", T.SInt)));
    const short: PreprocessingSource = { draw: async (_element, _offset, count) => Array(count).fill([1n]) };
    const inputs = new SecretMasker({ prime, degree: 1, parties: partyIds(3) })
      .mask({ a: new SecretInteger(1), c: new SecretInteger(2) })
      .map((party) => party.values);
    const run = simulateProgram(planExecution(b.build()), {
      prime,
      degree: 1,
      inputs,
      preprocessing: [short, short, short],
    });
    await expect(run).rejects.toThrow("COMPARE preprocessing material has 1 elements, its layout has 1408");
    expect(await rejection(run)).toBeInstanceOf(InternalError);
  });
});
