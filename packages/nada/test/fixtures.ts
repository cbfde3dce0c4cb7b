// The shared Nada fixtures (../../../../shared/fixtures/nada, beside the repository): programs compiled by
// the upstream nada_dsl 0.8 front end, not lowered.
import { readFileSync } from "node:fs";
import path from "node:path";

export const FIXTURE_DIR = path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada");

/** Every fixture program, by file name without `.nada.bin`. */
export const FIXTURES = [
  "arith_basic",
  "array_ops",
  "booleans",
  "div_mod_public",
  "div_secret",
  "ecdsa_sign",
  "equality",
  "min_max",
  "power_public",
  "random_values",
  "reveal_chain",
  "shifts_trunc",
  "three_parties",
  "unsigned_ops",
  "zip_unzip",
] as const;

export type FixtureName = (typeof FIXTURES)[number];

export function fixturePath(name: FixtureName): string {
  return path.join(FIXTURE_DIR, `${name}.nada.bin`);
}

export function fixtureBytes(name: FixtureName): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name)));
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

export function officialMetadata(): Readonly<Record<string, OfficialMetadata>> {
  const file = JSON.parse(readFileSync(path.join(FIXTURE_DIR, "official-metadata.json"), "utf8"));
  return file.programs;
}
