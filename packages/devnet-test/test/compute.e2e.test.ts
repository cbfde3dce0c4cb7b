// Compute end to end: the tier-A and tier-B fixtures compiled by the Python Nada compiler run on the
// devnet's nodes with the inputs of their cases — given at compute time, read from stored values, or
// both — and every output party gets the case's outputs (either of two for `trunc_pr`), or the case's
// error; random draws are fresh within one program; one program takes inputs from three users and gives
// its outputs to a fourth.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  InputPartyBinding,
  Integer,
  InternalError,
  Array as NadaArray,
  Boolean as NadaBoolean,
  type NadaValue,
  type NadaValues,
  NotFoundError,
  OutputPartyBinding,
  PermissionDeniedError,
  Permissions,
  type ProgramId,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  Tuple,
  UnsignedInteger,
  type ValuesId,
} from "@nillion/types";
import type { VmClient } from "@nillion/vm-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eSession, failureOf, openSession } from "./e2e-session.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada");
const TIER_A = [
  "arith_basic",
  "three_parties",
  "unsigned_ops",
  "reveal_chain",
  "array_ops",
  "zip_unzip",
  "power_public",
];
/** Comparisons, equality, shifts and truncation, divisions, booleans and random values: they consume preprocessing. */
const TIER_B = [
  "min_max",
  "div_mod_public",
  "equality",
  "shifts_trunc",
  "booleans",
  "div_secret",
  "random_values",
];

/** A value as the fixtures' `*.cases.json` write it. */
interface JsonValue {
  readonly type: string;
  readonly value: string | boolean | JsonValue[];
  /** Instead of `value`: either of these is correct (`trunc_pr` rounds randomly). */
  readonly one_of?: readonly string[];
}

interface Case {
  readonly name: string;
  readonly inputs: Record<string, JsonValue>;
  readonly outputs: Record<string, Record<string, JsonValue>> | null;
  readonly error: string | null;
}

/** A fixture: its bytes, its cases, and which party gives each input and which parties get outputs. */
interface Fixture {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly cases: readonly Case[];
  /** Input name → the party that provides it. */
  readonly inputParties: ReadonlyMap<string, string>;
  readonly outputParties: readonly string[];
}

// The parties are in the Python source: `p = Party(name="P")`, `Input(name="a", party=p)`,
// `Output(expression, "name", p)`.
function fixture(name: string): Fixture {
  const source = readFileSync(path.join(FIXTURES, `${name}.py`), "utf8");
  const pairs = (pattern: RegExp) =>
    [...source.matchAll(pattern)].map((m) => [m[1] ?? "", m[2] ?? ""] as const);
  const parties = new Map(pairs(/(\w+) = Party\(name="([^"]+)"\)/g));
  const party = (variable: string) => parties.get(variable) ?? `<no party ${variable}>`;
  const inputParties = new Map(
    pairs(/Input\(name="([^"]+)", party=(\w+)\)/g).map(([input, variable]) => [input, party(variable)]),
  );
  const outputParties = [
    ...new Set(pairs(/Output\([\s\S]*?,\s*"[^"]+",\s*(\w+)\)/g).map(([variable]) => party(variable))),
  ];
  const { cases } = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.cases.json`), "utf8")) as {
    cases: Case[];
  };
  return {
    name,
    bytes: new Uint8Array(readFileSync(path.join(FIXTURES, `${name}.nada.bin`))),
    cases,
    inputParties,
    outputParties,
  };
}

function nadaValue(json: JsonValue): NadaValue {
  const { type, value } = json;
  const integer = value as string;
  switch (type) {
    case "Integer":
      return new Integer(integer);
    case "UnsignedInteger":
      return new UnsignedInteger(integer);
    case "SecretInteger":
      return new SecretInteger(integer);
    case "SecretUnsignedInteger":
      return new SecretUnsignedInteger(integer);
    case "Boolean":
      return new NadaBoolean(value as boolean);
    case "SecretBoolean":
      return new SecretBoolean(value as boolean);
    case "Array":
      return new NadaArray((value as JsonValue[]).map(nadaValue));
    case "Tuple": {
      const [left, right] = value as JsonValue[];
      return new Tuple(nadaValue(left as JsonValue), nadaValue(right as JsonValue));
    }
    default:
      throw new Error(`no value type ${type} in the compute fixtures`);
  }
}

const nadaValues = (json: Record<string, JsonValue>): NadaValues =>
  Object.fromEntries(Object.entries(json).map(([name, value]) => [name, nadaValue(value)]));

/** Where a case's inputs come from. */
type Source = "compute-time" | "stored" | "mixed";

let session: E2eSession;
let client: VmClient;
const programs = new Map<string, ProgramId>();
beforeAll(async () => {
  session = await openSession("compute");
  client = await session.user();
  await client.addFunds(100_000_000n);
  for (const name of [...TIER_A, ...TIER_B]) {
    programs.set(name, await client.storeProgram(name, fixture(name).bytes).invoke());
  }
});
afterAll(() => session.close());

/**
 * Runs `testCase` of a program whose parties are all `client`: stored inputs go into one value set the
 * client may compute with on this program (mixed: every other input), the rest are given at compute time.
 */
async function compute(program: Fixture, testCase: Case, source: Source): Promise<NadaValues> {
  const programId = programs.get(program.name) as ProgramId;
  const inputs = nadaValues(testCase.inputs);
  const storedNames = Object.keys(inputs).filter(
    (_, index) => source === "stored" || (source === "mixed" && index % 2 === 0),
  );
  const stored = Object.fromEntries(storedNames.map((name) => [name, inputs[name] as NadaValue]));
  const given = Object.fromEntries(Object.entries(inputs).filter(([name]) => !storedNames.includes(name)));
  const valueIds: ValuesId[] = [];
  if (storedNames.length > 0) {
    const permissions = Permissions.defaultsForUser(client.userId).allowCompute(client.userId, programId);
    valueIds.push(await client.storeValues(stored, { ttlDays: 1, permissions }).invoke());
  }
  const parties = [...new Set(program.inputParties.values())];
  const computeId = await client
    .compute(
      programId,
      parties.map((party) => new InputPartyBinding(party, client.userId)),
      program.outputParties.map((party) => new OutputPartyBinding(party, [client.userId])),
      given,
      valueIds,
    )
    .invoke();
  return client.retrieveComputeResults(computeId).invoke();
}

/** Every output of every output party of `testCase`, which this client receives. */
const expectedOutputs = (testCase: Case): NadaValues =>
  Object.assign({}, ...Object.values(testCase.outputs ?? {}).map(nadaValues));

/**
 * What `testCase` expects given the `actual` outputs: an output with `one_of` must be one of them, and is
 * then expected as computed.
 */
function expectedFor(testCase: Case, actual: NadaValues): NadaValues {
  const outputs: Record<string, JsonValue> = Object.assign({}, ...Object.values(testCase.outputs ?? {}));
  return Object.fromEntries(
    Object.entries(outputs).map(([name, json]) => {
      if (json.one_of === undefined) return [name, nadaValue(json)];
      const computed = actual[name];
      expect(computed?.type).toBe(json.type);
      expect(json.one_of).toContain(String(computed?.value));
      return [name, computed as NadaValue];
    }),
  );
}

describe.each([...TIER_A.filter((name) => name !== "three_parties"), ...TIER_B])("%s", (name) => {
  const program = fixture(name);
  const sources = (index: number): Source[] =>
    index === 0 ? ["compute-time", "stored", "mixed"] : ["compute-time"];
  const runs = program.cases.flatMap((testCase, index) =>
    sources(index).map((source) => ({ testCase, source, label: `${testCase.name}, inputs ${source}` })),
  );

  it.each(runs)("$label", async ({ testCase, source }) => {
    if (testCase.error !== null) {
      const error = await failureOf(compute(program, testCase, source));
      expect(error).toBeInstanceOf(InternalError);
      expect((error as InternalError).message).toContain(testCase.error);
      return;
    }
    const actual = await compute(program, testCase, source);
    expect(actual).toEqual(expectedFor(testCase, actual));
  });
});

describe("random values", () => {
  /**
   * A program with one party P whose four outputs are fresh random draws: `integer_1` and `integer_2`
   * from `SecretInteger.random()`, `unsigned_1` and `unsigned_2` from `SecretUnsignedInteger.random()`.
   * Built with @nillion/nada's program model and `encodeProgram` (the test layer may not import
   * @nillion/nada itself, and no fixture outputs a random value).
   */
  const RANDOM_TWICE = Buffer.from(
    "EgMKAVAqEgoJaW50ZWdlcl8xGgFQIgIiACoUCglpbnRlZ2VyXzIQARoBUCICIgAqFQoKdW5zaWduZWRfMRACGgFQIgIqACoV" +
      "Cgp1bnNpZ25lZF8yEAMaAVAiAioAMggSBhICIgA6ADIMCAESCAgBEgIiADoAMgwIAhIICAISAioAOgAyDAgDEggIAxICKgA6" +
      "ADoTCg9yYW5kb21fdHdpY2UucHkSAEITCg9yYW5kb21fdHdpY2UucHkQAQ==",
    "base64",
  );

  it("drawn twice in one program differ, and so do the draws of two computations", async () => {
    const programId = await client.storeProgram("random_twice", new Uint8Array(RANDOM_TWICE)).invoke();
    const draw = async () => {
      const computeId = await client
        .compute(programId, [], [new OutputPartyBinding("P", [client.userId])], {}, [])
        .invoke();
      return client.retrieveComputeResults(computeId).invoke();
    };
    const first = await draw();
    expect(Object.keys(first).sort()).toEqual(["integer_1", "integer_2", "unsigned_1", "unsigned_2"]);
    expect(first["integer_1"]).toBeInstanceOf(SecretInteger);
    expect(first["unsigned_1"]).toBeInstanceOf(SecretUnsignedInteger);
    expect(first["integer_1"]?.value).not.toEqual(first["integer_2"]?.value);
    expect(first["unsigned_1"]?.value).not.toEqual(first["unsigned_2"]?.value);
    const second = await draw();
    expect(second["integer_1"]?.value).not.toEqual(first["integer_1"]?.value);
  });
});

describe("three_parties: inputs from three users, outputs to a fourth", () => {
  const program = fixture("three_parties");
  const [testCase] = program.cases;

  it("gives each output party's outputs to the users bound to it, and nobody else", async () => {
    if (testCase === undefined) throw new Error("three_parties has no case");
    const programId = programs.get("three_parties") as ProgramId;
    const receiver = client;
    const providers = new Map<string, VmClient>();
    for (const party of new Set(program.inputParties.values())) {
      const user = await session.user({ keyType: providers.size === 1 ? "ed25519" : "secp256k1" });
      await user.addFunds(2_000_000n);
      providers.set(party, user);
    }
    // Each provider stores its own input, letting the receiver compute with it on this program only.
    const valueIds: ValuesId[] = [];
    for (const [input, party] of program.inputParties) {
      const provider = providers.get(party) as VmClient;
      const permissions = Permissions.defaultsForUser(provider.userId).allowCompute(
        receiver.userId,
        programId,
      );
      const value = { [input]: nadaValue(testCase.inputs[input] as JsonValue) };
      valueIds.push(await provider.storeValues(value, { ttlDays: 1, permissions }).invoke());
    }
    const inputBindings = [...providers].map(([party, user]) => new InputPartyBinding(party, user.userId));
    const outputBindings = program.outputParties.map(
      (party) => new OutputPartyBinding(party, [receiver.userId]),
    );

    const computeId = await receiver.compute(programId, inputBindings, outputBindings, {}, valueIds).invoke();
    expect(await receiver.retrieveComputeResults(computeId).invoke()).toEqual(expectedOutputs(testCase));
    for (const provider of providers.values()) {
      const error = await failureOf(provider.retrieveComputeResults(computeId).invoke());
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect(error).toMatchObject({ details: { rawMessage: "user is not authorized to fetch result" } });
    }

    // Each output party's outputs go to the users bound to it, and only to them.
    const alice = providers.get("Alice") as VmClient;
    const split = [
      new OutputPartyBinding("Alice", [alice.userId]),
      new OutputPartyBinding("Carol", [receiver.userId]),
    ];
    const splitId = await receiver.compute(programId, inputBindings, split, {}, valueIds).invoke();
    expect(await alice.retrieveComputeResults(splitId).invoke()).toEqual(
      nadaValues(testCase.outputs?.["Alice"] ?? {}),
    );
    expect(await receiver.retrieveComputeResults(splitId).invoke()).toEqual(
      nadaValues(testCase.outputs?.["Carol"] ?? {}),
    );

    // Compute rights are per program: a grant for another program does not count.
    const [input, party] = [...program.inputParties][0] as [string, string];
    const provider = providers.get(party) as VmClient;
    const elsewhere = Permissions.defaultsForUser(provider.userId).allowCompute(
      receiver.userId,
      programs.get("arith_basic") as ProgramId,
    );
    const value = { [input]: nadaValue(testCase.inputs[input] as JsonValue) };
    const wrongId = await provider.storeValues(value, { ttlDays: 1, permissions: elsewhere }).invoke();
    const refused = await failureOf(
      receiver
        .compute(programId, inputBindings, outputBindings, {}, [wrongId, ...valueIds.slice(1)])
        .invoke(),
    );
    expect(refused).toBeInstanceOf(PermissionDeniedError);
    expect(refused).toMatchObject({ details: { rawMessage: "user does not have permissions for action" } });
  });
});

describe("retrieveComputeResults", () => {
  it("results of a computation nobody ran are NOT_FOUND", async () => {
    const error = await failureOf(client.retrieveComputeResults(randomUUID()).invoke());
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ details: { rawMessage: "not found" } });
  });
});
