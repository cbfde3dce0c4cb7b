import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The compiled Nada program `name` from the repository's shared fixtures
 * (`shared/fixtures/nada/<name>.nada.bin`), ready for `storeProgram`.
 *
 * @example
 * ```ts
 * await client.storeProgram("fuzz-arith", nadaProgram("arith_basic")).invoke();
 * ```
 */
export function nadaProgram(name: string): Uint8Array {
  const file = path.resolve(import.meta.dirname, `../../../../shared/fixtures/nada/${name}.nada.bin`);
  return new Uint8Array(readFileSync(file));
}
