// The shared Nada fixtures (beside the repository): programs compiled by the upstream Python front end
// (nada_dsl 0.8), not lowered.
import { readFileSync } from "node:fs";
import path from "node:path";

const FIXTURE_DIR = path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada");

/** The bytes of `<name>.nada.bin`. */
export function fixture(name: "arith_basic" | "zip_unzip" | "three_parties"): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURE_DIR, `${name}.nada.bin`)));
}
