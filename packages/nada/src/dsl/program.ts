// A Nada program written in TypeScript, as a value: built once, compiled to the MIR nada_dsl would write.

import type { CompilableProgram } from "../compilable-program.js";
import type { NadaProgram } from "../nada-program.js";
import { apiCallSite, type CallSite } from "./call-site.js";
import { compileOutputs } from "./compile-outputs.js";
import { describeArgument } from "./dsl-value.js";
import { Output } from "./party.js";
import { ProgramSourceError } from "./program-source-error.js";

/**
 * A Nada program: what {@link program} returns. `compile()` gives the `.nada.bin` bytes, which
 * `VmClient.storeProgram` uploads (it takes the program itself as well).
 *
 * @example
 * ```ts
 * import { writeFileSync } from "node:fs";
 * import myProgram from "./my-program.js";
 *
 * writeFileSync("my-program.nada.bin", myProgram.compile());
 * ```
 */
export class Program implements CompilableProgram {
  readonly #bytes: Uint8Array;
  readonly #program: NadaProgram;

  /** @internal */
  constructor(outputs: readonly Output[], site: CallSite) {
    const { bytes, program } = compileOutputs(outputs, site);
    this.#bytes = bytes;
    this.#program = program;
  }

  /**
   * The program's MIR as nada_dsl writes it (a serialized `ProgramMIR`, not yet lowered): what `nada
   * build` writes, and what `storeProgram` lowers and uploads. The same program gives the same bytes.
   */
  compile(): Uint8Array {
    return this.#bytes.slice();
  }

  /** The program model of the compiled bytes (`decodeProgram(program.compile())`). */
  toNadaProgram(): NadaProgram {
    return this.#program;
  }
}

/**
 * Builds a Nada program: calls `main` once, which declares parties, inputs and the computation, and
 * returns the outputs (Python's `nada_main`). Mistakes the type checker cannot see, or that JavaScript
 * callers make, throw a {@link ProgramSourceError} naming the `file:line:col` of the offending call.
 *
 * @example
 * ```ts
 * import { Integer, Party, program, PublicInteger, SecretInteger } from "@nillion/nada/dsl";
 *
 * export default program(() => {
 *   const dealer = new Party("Dealer");
 *   const a = dealer.input("a", SecretInteger);
 *   const b = dealer.input("b", SecretInteger);
 *   const c = dealer.input("c", PublicInteger);
 *   return [
 *     dealer.output("prod", a.mul(b).add(c).sub(a)),
 *     dealer.output("total", a.add(b).add(new Integer(10))),
 *   ];
 * });
 * ```
 */
export function program(main: () => readonly Output[]): Program {
  const site = apiCallSite();
  if (typeof main !== "function") {
    throw new ProgramSourceError(
      site,
      "program",
      "main",
      `program: "main" must be a function, got ${describeArgument(main)}`,
    );
  }
  const outputs: unknown = main();
  if (!Array.isArray(outputs) || outputs.length === 0) {
    throw new ProgramSourceError(
      site,
      "program",
      "main",
      `program: "main" must return a non-empty array of outputs (party.output(name, value)), returned ${describeArgument(outputs)}`,
    );
  }
  for (const [i, output] of outputs.entries()) {
    if (!(output instanceof Output)) {
      throw new ProgramSourceError(
        site,
        "output",
        `main()[${i}]`,
        `program: output ${i} must be made by party.output(name, value), got ${describeArgument(output)}`,
      );
    }
  }
  return new Program(outputs, site);
}
