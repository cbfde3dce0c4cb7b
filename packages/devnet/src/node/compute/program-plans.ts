// Execution plans of stored and built-in programs: a program id pins its contents, so each is planned once.

import { type ExecutionPlan, planExecution } from "@nillion/mpc";
import { assertValidProgram, decodeProgram, lowerProgram } from "@nillion/nada";
import type { NodeStore } from "../../storage/node-store.js";
import { BUILTIN_PROGRAMS } from "./builtin-programs.js";

/** Plans kept in memory; programs beyond this are planned again when used. */
const CACHE_SIZE = 256;

/**
 * The execution plans of the programs a node stores, decoded, lowered, validated and planned the first
 * time a program is used and kept after that (the most recently used 256), and of the built-in signing
 * programs (`builtin/tecdsa_sign`, `builtin/teddsa_sign`), which every node has.
 *
 * @example
 * ```ts
 * const plans = new ProgramPlans(store);
 * const plan = await plans.plan(programId); // undefined when the node has no such program
 * ```
 */
export class ProgramPlans {
  readonly #store: NodeStore;
  readonly #plans = new Map<string, ExecutionPlan>();
  readonly #builtins = new Map(
    [...BUILTIN_PROGRAMS].map(([programId, program]) => [programId, planExecution(program)]),
  );

  constructor(store: NodeStore) {
    this.#store = store;
  }

  /**
   * The plan of the program stored under `programId` (or built in), or undefined when there is none.
   *
   * @throws the `@nillion/nada` or `@nillion/mpc` error when the stored program cannot be planned
   */
  async plan(programId: string): Promise<ExecutionPlan | undefined> {
    const builtin = this.#builtins.get(programId);
    if (builtin !== undefined) return builtin;
    const cached = this.#plans.get(programId);
    if (cached !== undefined) {
      this.#plans.delete(programId); // re-inserted below: Map order is the LRU order
      this.#plans.set(programId, cached);
      return cached;
    }
    const bytes = await this.#store.getProgram(programId);
    if (bytes === undefined) return undefined;
    const program = lowerProgram(decodeProgram(bytes));
    assertValidProgram(program);
    const plan = planExecution(program);
    this.#plans.set(programId, plan);
    if (this.#plans.size > CACHE_SIZE) this.#plans.delete(this.#plans.keys().next().value as string);
    return plan;
  }
}
