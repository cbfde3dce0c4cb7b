// programContract against each fixture's .py source, the fixtures' cases checked against the contracts,
// and the compute-time checks' errors.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  InputPartyBinding,
  Integer,
  InvalidArgumentError,
  Array as NadaArray,
  Boolean as NadaBoolean,
  type NadaValue,
  type NadaValues,
  OutputPartyBinding,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  Tuple,
  UnsignedInteger,
  UserId,
  ValueValidationError,
} from "@nillion/types";
import { describe, expect, it } from "vitest";
import {
  checkComputeBindings,
  checkComputeResults,
  checkComputeValues,
  decodeProgram,
  formatNadaType,
  type ProgramContract,
  programContract,
} from "../src/index.js";
import { FIXTURE_DIR, FIXTURES, type FixtureName, fixtureBytes } from "./fixtures.js";

/** A contract written as `name: type @ party` lines, to compare with the .py sources at a glance. */
interface Written {
  parties: string[];
  inputs: string[];
  outputs: string[];
}

// Read off each NAME.py; inputs and outputs in the order the front end wrote them into the program.
const FROM_SOURCES: Readonly<Record<FixtureName, Written>> = {
  arith_basic: {
    parties: ["Dealer"],
    inputs: ["a: SecretInteger @ Dealer", "b: SecretInteger @ Dealer", "c: Integer @ Dealer"],
    outputs: ["prod: SecretInteger @ Dealer", "total: SecretInteger @ Dealer"],
  },
  array_ops: {
    parties: ["P"],
    inputs: ["offset: SecretInteger @ P", "ws: Array<Integer, 5> @ P", "xs: Array<SecretInteger, 5> @ P"],
    outputs: ["shifted: Array<SecretInteger, 5> @ P", "total: SecretInteger @ P", "dot: SecretInteger @ P"],
  },
  booleans: {
    parties: ["P"],
    inputs: ["x: SecretBoolean @ P", "y: SecretBoolean @ P", "z: Boolean @ P"],
    outputs: ["and", "or", "xor", "not_x", "and_public"].map((name) => `${name}: SecretBoolean @ P`),
  },
  div_mod_public: {
    parties: ["P"],
    inputs: ["a: SecretInteger @ P", "d: Integer @ P"],
    outputs: ["quotient", "remainder", "quotient_neg3"].map((name) => `${name}: SecretInteger @ P`),
  },
  div_secret: {
    parties: ["P"],
    inputs: ["a: SecretInteger @ P", "b: SecretInteger @ P"],
    outputs: ["quotient: SecretInteger @ P", "remainder: SecretInteger @ P"],
  },
  ecdsa_sign: {
    parties: ["KeyParty", "MsgParty", "OutParty"],
    inputs: ["key: EcdsaPrivateKey @ KeyParty", "digest: EcdsaDigestMessage @ MsgParty"],
    outputs: ["signature: EcdsaSignature @ OutParty", "public_key: EcdsaPublicKey @ OutParty"],
  },
  equality: {
    parties: ["P"],
    inputs: ["a: SecretInteger @ P", "b: SecretInteger @ P"],
    outputs: ["eq: SecretBoolean @ P", "neq: SecretBoolean @ P", "public_eq: Boolean @ P"],
  },
  min_max: {
    parties: ["P1", "P2"],
    inputs: ["a: SecretInteger @ P1", "b: SecretInteger @ P2"],
    outputs: [
      "min: SecretInteger @ P1",
      "max: SecretInteger @ P1",
      "a_ge_b: SecretBoolean @ P2",
      "a_gt_b: SecretBoolean @ P2",
      "a_le_b: SecretBoolean @ P2",
    ],
  },
  power_public: {
    parties: ["P"],
    inputs: ["base: Integer @ P", "exp: Integer @ P", "s: SecretInteger @ P"],
    outputs: ["pow: Integer @ P", "scaled: SecretInteger @ P"],
  },
  random_values: {
    parties: ["P"],
    inputs: ["a: SecretInteger @ P"],
    outputs: ["masked: SecretInteger @ P", "a_again: SecretInteger @ P"],
  },
  reveal_chain: {
    parties: ["P"],
    inputs: ["a: SecretInteger @ P", "b: SecretInteger @ P", "c: Integer @ P"],
    outputs: ["result: Integer @ P", "opened: Integer @ P"],
  },
  shifts_trunc: {
    parties: ["P"],
    inputs: ["a: SecretInteger @ P"],
    outputs: ["shr2", "shl4", "truncpr3"].map((name) => `${name}: SecretInteger @ P`),
  },
  three_parties: {
    parties: ["Alice", "Bob", "Carol"],
    inputs: ["x: SecretInteger @ Alice", "y: SecretInteger @ Bob", "w: SecretInteger @ Carol"],
    outputs: ["weighted: SecretInteger @ Carol", "xy: SecretInteger @ Alice"],
  },
  unsigned_ops: {
    parties: ["P"],
    inputs: ["a: SecretUnsignedInteger @ P", "b: SecretUnsignedInteger @ P", "k: UnsignedInteger @ P"],
    outputs: ["ab_plus_k", "a_shl_3", "double_sum"].map((name) => `${name}: SecretUnsignedInteger @ P`),
  },
  zip_unzip: {
    parties: ["P"],
    inputs: ["xs: Array<SecretInteger, 3> @ P", "ys: Array<SecretInteger, 3> @ P"],
    outputs: [
      "products: Array<SecretInteger, 3> @ P",
      "unzipped: Tuple<Array<SecretInteger, 3>, Array<SecretInteger, 3>> @ P",
    ],
  },
};

function written(contract: ProgramContract): Written {
  const line = (value: ProgramContract["inputs"][number]) =>
    `${value.name}: ${formatNadaType(value.type)} @ ${value.party}`;
  return {
    parties: [...contract.parties],
    inputs: contract.inputs.map(line),
    outputs: contract.outputs.map(line),
  };
}

/** A VALUE of a cases.json file (see the fixtures' README). */
interface CaseValue {
  type: string;
  value?: string | boolean | CaseValue[];
  one_of?: string[];
}

interface Case {
  name: string;
  inputs: Record<string, CaseValue>;
  outputs: Record<string, Record<string, CaseValue>> | null;
}

const hex = (text: string) => new Uint8Array(Buffer.from(text, "hex"));

/** The value object of a VALUE, or `undefined` for outputs described by a check instead of a value. */
function toValue(value: CaseValue): NadaValue | undefined {
  const scalar = value.value ?? value.one_of?.[0];
  if (scalar === undefined) return undefined;
  const text = String(scalar);
  switch (value.type) {
    case "Integer":
      return new Integer(text);
    case "UnsignedInteger":
      return new UnsignedInteger(text);
    case "SecretInteger":
      return new SecretInteger(text);
    case "SecretUnsignedInteger":
      return new SecretUnsignedInteger(text);
    case "Boolean":
      return new NadaBoolean(scalar === true);
    case "SecretBoolean":
      return new SecretBoolean(scalar === true);
    case "EcdsaPrivateKey":
      return new EcdsaPrivateKey(hex(text));
    case "EcdsaDigestMessage":
      return new EcdsaDigestMessage(hex(text));
    case "Array":
      return new NadaArray((scalar as CaseValue[]).map((element) => toValue(element) as NadaValue));
    case "Tuple": {
      const [left, right] = (scalar as CaseValue[]).map((element) => toValue(element) as NadaValue);
      return new Tuple(left as NadaValue, right as NadaValue);
    }
    default:
      throw new Error(`no test conversion for ${value.type}`);
  }
}

function cases(name: FixtureName): Case[] {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, `${name}.cases.json`), "utf8")).cases;
}

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe.each(FIXTURES)("contract of %s", (name) => {
  const contract = programContract(decodeProgram(fixtureBytes(name)));

  it("matches the .py source", () => {
    expect(written(contract)).toEqual(FROM_SOURCES[name]);
  });

  it("names the parties that provide inputs and receive outputs", () => {
    const owners = (lines: string[]) => [...new Set(lines.map((line) => line.split(" @ ")[1]))];
    const order = (parties: string[]) => contract.parties.filter((party) => parties.includes(party));
    expect(contract.inputParties).toEqual(order(owners(FROM_SOURCES[name].inputs) as string[]));
    expect(contract.outputParties).toEqual(order(owners(FROM_SOURCES[name].outputs) as string[]));
  });

  it("accepts the inputs and outputs of every case in NAME.cases.json", () => {
    for (const testCase of cases(name)) {
      const values = Object.fromEntries(
        Object.entries(testCase.inputs).map(([input, value]) => [input, toValue(value) as NadaValue]),
      );
      expect(() => checkComputeValues(contract, values)).not.toThrow();
      for (const [party, outputs] of Object.entries(testCase.outputs ?? {})) {
        const results: NadaValues = {};
        for (const [output, value] of Object.entries(outputs)) {
          const converted = toValue(value);
          // Signatures and public keys are described by a check; their declared type must still match.
          if (converted === undefined) {
            expect(
              formatNadaType(contract.outputs.find((o) => o.name === output)?.type ?? { kind: "Integer" }),
            ).toBe(value.type);
          } else results[output] = converted;
        }
        const complete = Object.keys(results).length === Object.keys(outputs).length;
        expect(() => checkComputeResults(contract, results, complete ? [party] : undefined)).not.toThrow();
      }
    }
  });
});

describe("checkComputeValues", () => {
  const contract = programContract(decodeProgram(fixtureBytes("zip_unzip")));
  const three = (values: number[]) => new NadaArray(values.map((value) => new SecretInteger(value)));

  it("accepts values of the exact input types, with the rest from stored values", () => {
    expect(() => checkComputeValues(contract, { xs: three([1, 2, 3]), ys: three([4, 5, 6]) })).not.toThrow();
    expect(() =>
      checkComputeValues(contract, { xs: three([1, 2, 3]) }, { storedValueNames: ["ys"] }),
    ).not.toThrow();
  });

  it("names a mistyped input, with its expected type", () => {
    const error = thrown(() => checkComputeValues(contract, { xs: three([1, 2]), ys: three([4, 5, 6]) }));
    expect(error).toBeInstanceOf(ValueValidationError);
    expect(error.message).toBe(
      'input "xs" (from party P) must be Array<SecretInteger, 3>, got Array<SecretInteger, 2>',
    );
    expect((error as ValueValidationError).argument).toBe("values.xs");
    expect((error as ValueValidationError).rule).toBe("type");
    const plain = thrown(() =>
      checkComputeValues(contract, { xs: [1, 2, 3] as unknown as NadaValue, ys: three([4, 5, 6]) }),
    );
    expect(plain.message).toBe(
      'input "xs" (from party P) must be Array<SecretInteger, 3>, got a plain array (not a value object)',
    );
  });

  it("names every missing input", () => {
    const error = thrown(() => checkComputeValues(contract, {}));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toBe(
      "missing values for xs (Array<SecretInteger, 3>, party P), ys (Array<SecretInteger, 3>, party P)",
    );
    expect((error as InvalidArgumentError).details).toEqual({ missing: ["xs", "ys"] });
  });

  it("rejects values the program does not take, and values also given by stored value sets", () => {
    const extra = thrown(() =>
      checkComputeValues(contract, { xs: three([1, 2, 3]), ys: three([4, 5, 6]), zs: three([0, 0, 0]) }),
    );
    expect(extra.message).toBe(
      '"values" has "zs", which the program does not take; its inputs are xs (Array<SecretInteger, 3>, party P), ys (Array<SecretInteger, 3>, party P)',
    );
    const twice = thrown(() =>
      checkComputeValues(
        contract,
        { xs: three([1, 2, 3]), ys: three([4, 5, 6]) },
        { storedValueNames: ["ys"] },
      ),
    );
    expect(twice.message).toBe('"values" repeats "ys", already given by a stored value set');
  });
});

describe("checkComputeBindings", () => {
  const contract = programContract(decodeProgram(fixtureBytes("three_parties")));
  const user = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
  const inputs = ["Alice", "Bob", "Carol"].map((party) => new InputPartyBinding(party, user));
  const outputs = ["Alice", "Carol"].map((party) => new OutputPartyBinding(party, [user]));

  it("accepts bindings of exactly the input and output parties", () => {
    expect(() => checkComputeBindings(contract, inputs, outputs)).not.toThrow();
  });

  it("names parties the program does not have, and parties left unbound", () => {
    const unknown = thrown(() =>
      checkComputeBindings(contract, [...inputs, new InputPartyBinding("Dave", user)], outputs),
    );
    expect(unknown.message).toBe(
      'input party "Dave" is not defined in program; its input parties are "Alice", "Bob", "Carol"',
    );
    expect((unknown as InvalidArgumentError).argument).toBe("inputBindings");
    const unbound = thrown(() => checkComputeBindings(contract, inputs, outputs.slice(1)));
    expect(unbound.message).toBe('output parties "Alice" not bound');
    expect((unbound as InvalidArgumentError).argument).toBe("outputBindings");
    const notOutput = thrown(() =>
      checkComputeBindings(contract, inputs, [
        ...outputs,
        new OutputPartyBinding("Bob", [user]),
        new OutputPartyBinding("Eve", [user]),
      ]),
    );
    expect(notOutput.message).toBe(
      'output parties "Bob", "Eve" are not defined in program; its output parties are "Alice", "Carol"',
    );
  });
});

describe("checkComputeResults", () => {
  const contract = programContract(decodeProgram(fixtureBytes("min_max")));

  it("names results the program does not output, mistyped results and missing ones", () => {
    const extra = thrown(() => checkComputeResults(contract, { median: new SecretInteger(1) }));
    expect(extra.message).toBe('"results" has "median", which the program does not output');
    const mistyped = thrown(() => checkComputeResults(contract, { min: new Integer(1) }));
    expect(mistyped).toBeInstanceOf(ValueValidationError);
    expect(mistyped.message).toBe('output "min" (for party P1) must be SecretInteger, got Integer');
    const missing = thrown(() => checkComputeResults(contract, { min: new SecretInteger(1) }, ["P1"]));
    expect(missing.message).toBe('"results" lacks max (SecretInteger, party P1)');
  });
});
