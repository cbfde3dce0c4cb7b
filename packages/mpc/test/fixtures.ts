// The shared Nada fixtures (../../../../shared/fixtures/nada, beside the repository): front-end programs
// and their cases for the 256-bit prime (README.md there describes the format).
import { readFileSync } from "node:fs";
import path from "node:path";
import { decodeProgram, lowerProgram, type NadaProgram } from "@nillion/nada";
import {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  hexToBytes,
  Integer,
  Array as NadaArray,
  Boolean as NadaBoolean,
  Tuple as NadaTuple,
  type NadaValue,
  type NadaValues,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  UnsignedInteger,
} from "@nillion/types";

const FIXTURE_DIR = path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada");

/** The fixtures of the arithmetic tier (node-mpc.md §9.3 A). */
export const TIER_A = [
  "arith_basic",
  "three_parties",
  "unsigned_ops",
  "reveal_chain",
  "array_ops",
  "zip_unzip",
  "power_public",
] as const;

/**
 * Fixtures the arithmetic tier runs besides its own: `booleans` only uses `&`, `|`, `^` and `~`, which
 * lowering turns into `+`, `−`, `×` and NOT.
 */
export const ALSO_RUNNABLE = ["booleans"] as const;

/**
 * The fixtures of later tiers (node-mpc.md §9.3 B–F), with the protocols each runs that the arithmetic tier
 * has no use for.
 */
export const LATER_TIERS = {
  div_mod_public: ["DivisionIntegerSecretDividendPublicDivisor", "ModuloIntegerSecretDividendPublicDivisor"],
  div_secret: ["DivisionIntegerSecretDivisor", "ModuloIntegerSecretDivisor"],
  ecdsa_sign: ["EcdsaSign", "PublicKeyDerive"],
  equality: ["EqualsSecret", "PublicOutputEquality"],
  min_max: ["LessThanShares"],
  random_values: ["RandomInteger", "RandomBoolean"],
  shifts_trunc: ["RightShiftShares", "TruncPr"],
} as const;

/**
 * The threshold-signature fixtures: their signatures are randomised, so the cases describe checks (the
 * signature verifies, the public key is the input key's) instead of values.
 */
export const THRESHOLD_FIXTURES = ["ecdsa_sign"] as const;

/** The later-tier fixtures whose outputs are fixed values: comparisons, divisions, equality, random values. */
export const LATER_RUNNABLE = (Object.keys(LATER_TIERS) as (keyof typeof LATER_TIERS)[]).filter(
  (name): name is Exclude<keyof typeof LATER_TIERS, (typeof THRESHOLD_FIXTURES)[number]> =>
    !(THRESHOLD_FIXTURES as readonly string[]).includes(name),
);

export type RunnableFixture =
  | (typeof TIER_A)[number]
  | (typeof ALSO_RUNNABLE)[number]
  | (typeof LATER_RUNNABLE)[number];
export type FixtureName = RunnableFixture | keyof typeof LATER_TIERS;

export interface JsonValue {
  readonly type: string;
  readonly value?: unknown;
  readonly one_of?: readonly unknown[];
}

export interface FixtureCase {
  readonly name: string;
  readonly inputs: Readonly<Record<string, JsonValue>>;
  readonly outputs: Readonly<Record<string, Readonly<Record<string, JsonValue>>>> | null;
  readonly error: string | null;
}

/** The fixture's program, lowered as a node receives it. */
export function fixtureProgram(name: FixtureName): NadaProgram {
  return lowerProgram(
    decodeProgram(new Uint8Array(readFileSync(path.join(FIXTURE_DIR, `${name}.nada.bin`)))),
  );
}

export function fixtureCases(name: FixtureName): readonly FixtureCase[] {
  const file = JSON.parse(readFileSync(path.join(FIXTURE_DIR, `${name}.cases.json`), "utf8"));
  if (file.prime !== "SAFE_256_BITS") throw new Error(`${name}: unexpected prime ${file.prime}`);
  return file.cases;
}

/** The value classes of a case's inputs. */
export function fixtureValues(values: Readonly<Record<string, JsonValue>>): NadaValues {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, toNadaValue(value)]));
}

function toNadaValue(json: JsonValue): NadaValue {
  const { type, value } = json;
  switch (type) {
    case "Integer":
      return new Integer(value as string);
    case "UnsignedInteger":
      return new UnsignedInteger(value as string);
    case "Boolean":
      return new NadaBoolean(value as boolean);
    case "SecretInteger":
      return new SecretInteger(value as string);
    case "SecretUnsignedInteger":
      return new SecretUnsignedInteger(value as string);
    case "SecretBoolean":
      return new SecretBoolean(value as boolean);
    case "Array":
      return new NadaArray((value as JsonValue[]).map(toNadaValue));
    case "Tuple": {
      const [left, right] = value as [JsonValue, JsonValue];
      return new NadaTuple(toNadaValue(left), toNadaValue(right));
    }
    case "EcdsaPrivateKey":
      return new EcdsaPrivateKey(hexToBytes(value as string));
    case "EcdsaDigestMessage":
      return new EcdsaDigestMessage(hexToBytes(value as string));
    default:
      throw new Error(`fixture value type ${type} is not in any fixture`);
  }
}

/** A value in the fixtures' JSON form, for comparison with `outputs`. */
export function toJson(value: NadaValue): JsonValue {
  switch (value.type) {
    case "Array":
      return { type: "Array", value: value.value.map(toJson) };
    case "Tuple":
      return { type: "Tuple", value: [toJson(value.left), toJson(value.right)] };
    case "Boolean":
    case "SecretBoolean":
      return { type: value.type, value: value.value };
    case "Integer":
    case "UnsignedInteger":
    case "SecretInteger":
    case "SecretUnsignedInteger":
      return { type: value.type, value: value.value.toString() };
    default:
      throw new Error(`unexpected output type ${value.type}`);
  }
}

/**
 * `expected` with each `one_of` replaced by the value `actual` has there when it is one of the allowed
 * values, so that a comparison with `actual` passes exactly when every output is allowed.
 */
export function resolveOneOf(expected: JsonValue, actual: JsonValue | undefined): JsonValue {
  if (expected.one_of !== undefined) {
    return actual?.type === expected.type && expected.one_of.includes(actual.value) ? actual : expected;
  }
  if (expected.type === "Array" || expected.type === "Tuple") {
    const elements = expected.value as JsonValue[];
    const actualElements = (actual?.value ?? []) as JsonValue[];
    return {
      type: expected.type,
      value: elements.map((element, i) => resolveOneOf(element, actualElements[i])),
    };
  }
  return expected;
}
