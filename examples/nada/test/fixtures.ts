// The shared fixtures (../../../../shared/fixtures/nada, beside the repository) and their TypeScript
// versions in this folder's parent.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Program } from "@nillion/nada/dsl";
import arith_basic from "../arith_basic.js";
import array_ops from "../array_ops.js";
import booleans from "../booleans.js";
import div_mod_public from "../div_mod_public.js";
import div_secret from "../div_secret.js";
import ecdsa_sign from "../ecdsa_sign.js";
import equality from "../equality.js";
import min_max from "../min_max.js";
import power_public from "../power_public.js";
import random_values from "../random_values.js";
import reveal_chain from "../reveal_chain.js";
import shifts_trunc from "../shifts_trunc.js";
import three_parties from "../three_parties.js";
import unsigned_ops from "../unsigned_ops.js";
import zip_unzip from "../zip_unzip.js";

export const FIXTURE_DIR = path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada");

/** Each fixture's program written in TypeScript, by the fixture's name. */
export const PROGRAMS = {
  arith_basic,
  array_ops,
  booleans,
  div_mod_public,
  div_secret,
  ecdsa_sign,
  equality,
  min_max,
  power_public,
  random_values,
  reveal_chain,
  shifts_trunc,
  three_parties,
  unsigned_ops,
  zip_unzip,
} as const satisfies Record<string, Program>;

export type FixtureName = keyof typeof PROGRAMS;

export const FIXTURES = Object.keys(PROGRAMS) as FixtureName[];

/** The `.nada.bin` the Python compiler wrote for `name`. */
export function pythonBytes(name: FixtureName): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURE_DIR, `${name}.nada.bin`)));
}

/** official-metadata.json: the node compiler's numbers, or its error, per fixture as compiled. */
export type OfficialMetadata =
  | {
      readonly memory: number;
      readonly instructions: number;
      readonly perProtocol: Readonly<Record<string, number>>;
      readonly preprocessing: Readonly<Record<string, number>>;
    }
  | { readonly error: string };

export function officialMetadata(name: FixtureName): OfficialMetadata | undefined {
  const file = JSON.parse(readFileSync(path.join(FIXTURE_DIR, "official-metadata.json"), "utf8"));
  return file.programs[`${name}.nada.bin`];
}

/** A value as the fixtures' `*.cases.json` write it. */
export interface JsonValue {
  readonly type: string;
  readonly value?: string | boolean | JsonValue[];
  /** Instead of `value`: either of these is correct (`trunc_pr` rounds randomly). */
  readonly one_of?: readonly string[];
}

/** One case: inputs, the outputs each output party must receive, or the error the computation ends with. */
export interface FixtureCase {
  readonly name: string;
  readonly inputs: Readonly<Record<string, JsonValue>>;
  readonly outputs: Readonly<Record<string, Readonly<Record<string, JsonValue>>>> | null;
  readonly error: string | null;
}

export function fixtureCases(name: FixtureName): readonly FixtureCase[] {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, `${name}.cases.json`), "utf8")).cases;
}
