// The reference's "parallel" execution plan for a lowered program: which operations run, with which
// protocol, at which level, and which preprocessing elements each consumes.
import {
  isLowered,
  type NadaProgram,
  type NadaType,
  type Operation,
  operandsOf,
  sourceLocation,
} from "@nillion/nada";
import { InternalError, InvalidArgumentError, type PreprocessingElementName } from "@nillion/types";
import { selectProtocol } from "./select-protocol.js";

/**
 * One operation of the plan.
 *
 * @example
 * ```ts
 * import { planExecution } from "@nillion/mpc";
 *
 * for (const stage of planExecution(program).stages) {
 *   for (const step of stage.online) console.log(step.location, step.protocol, step.level);
 * }
 * ```
 */
export interface PlannedStep {
  readonly operation: Operation;
  /**
   * The VM protocol that computes it (`MultiplicationShares`, `Reveal`…), or `undefined` for loads,
   * literals, `new` and accessors, which only lay out memory.
   */
  readonly protocol: string | undefined;
  /** Whether the protocol communicates. */
  readonly online: boolean;
  /** How many online operations precede it on its longest dependency chain. */
  readonly level: number;
  /** The preprocessing element it consumes and that element's offset within this computation. */
  readonly preprocessing: { readonly element: PreprocessingElementName; readonly offset: number } | undefined;
  /** `file:line` of the operation's source. */
  readonly location: string;
}

/**
 * The operations of one level: the local ones run first, in dependency order, then all the online
 * ones together, their messages batched into shared rounds.
 *
 * @example
 * ```ts
 * import type { ExecutionStage } from "@nillion/mpc";
 *
 * const onlineCount = (stage: ExecutionStage) => stage.online.length;
 * ```
 */
export interface ExecutionStage {
  readonly local: readonly PlannedStep[];
  readonly online: readonly PlannedStep[];
}

/**
 * How a party executes a program. Plans hold no secrets and are the same on every party, so a node can
 * build one per program and reuse it for every computation.
 *
 * @example
 * ```ts
 * import { planExecution } from "@nillion/mpc";
 *
 * const plan = planExecution(lowered);
 * plan.onlineDepth; // communication levels: the multiplicative depth, reveals included
 * plan.preprocessing; // e.g. { COMPARE: 2 } — what the computation draws from the pools
 * ```
 */
export interface ExecutionPlan {
  readonly program: NadaProgram;
  /** Stage `L` holds the steps at level `L`. */
  readonly stages: readonly ExecutionStage[];
  /** The number of stages with online steps. Each costs one round with the arithmetic protocols. */
  readonly onlineDepth: number;
  /** Elements consumed per run, by element; offsets are handed out in stage order. */
  readonly preprocessing: Readonly<Partial<Record<PreprocessingElementName, number>>>;
}

/**
 * Plans a lowered, validated program as the reference's parallel plan does. Every input is loaded (as
 * the node does), and otherwise only the operations some output needs run, so an unused operation can
 * neither fail the computation nor consume preprocessing. A step's level is the largest number of
 * online steps on a dependency chain leading to it; local steps run as soon as their level starts, and
 * the online steps of a level share their communication rounds.
 *
 * @throws {InvalidArgumentError} if the program is not lowered, or has operations the node never runs
 *
 * @example
 * ```ts
 * import { assertValidProgram, decodeProgram, lowerProgram } from "@nillion/nada";
 * import { planExecution } from "@nillion/mpc";
 *
 * const program = lowerProgram(decodeProgram(bytes));
 * assertValidProgram(program);
 * const plan = planExecution(program);
 * ```
 */
export function planExecution(program: NadaProgram): ExecutionPlan {
  if (!isLowered(program)) {
    throw new InvalidArgumentError("the program is not lowered: run lowerProgram from @nillion/nada first", {
      argument: "program",
    });
  }
  const byId = new Map(program.operations.map((operation) => [operation.id, operation]));
  const needed = neededOperations(program, byId);
  const typeOf = (id: number): NadaType => {
    const operation = byId.get(id);
    if (operation === undefined) throw new InternalError(`operation ${id} is not in the program`);
    return operation.type;
  };
  const steps = new Map<number, PlannedStep>();
  const drafts: { step: PlannedStep; element: PreprocessingElementName | undefined }[][] = [];
  // The operations are in dependency order, so every operand is planned before its users.
  for (const operation of program.operations) {
    if (!needed.has(operation.id)) continue;
    const choice = selectProtocol(operation, typeOf);
    let level = 0;
    for (const id of operandsOf(operation)) {
      const operand = steps.get(id);
      if (operand === undefined)
        throw new InternalError(`operand ${id} of operation ${operation.id} is not planned`);
      level = Math.max(level, operand.level + (operand.online ? 1 : 0));
    }
    const step: PlannedStep = {
      operation,
      protocol: choice?.name,
      online: choice?.online ?? false,
      level,
      preprocessing: undefined,
      location: sourceLocation(program, operation.sourceRefIndex),
    };
    steps.set(operation.id, step);
    while (drafts.length <= level) drafts.push([]);
    drafts[level]?.push({ step, element: choice?.element });
  }
  // Offsets go to the online steps in the order they start: level by level, in plan order.
  const preprocessing: Partial<Record<PreprocessingElementName, number>> = {};
  const stages = drafts.map((level) => ({
    local: level.filter(({ step }) => !step.online).map(({ step }) => step),
    online: level
      .filter(({ step }) => step.online)
      .map(({ step, element }) => {
        if (element === undefined) return step;
        const offset = preprocessing[element] ?? 0;
        preprocessing[element] = offset + 1;
        return { ...step, preprocessing: { element, offset } };
      }),
  }));
  return Object.freeze({
    program,
    stages,
    onlineDepth: stages.filter((stage) => stage.online.length > 0).length,
    preprocessing,
  });
}

// Every input reference (the node loads all inputs) and whatever the outputs read, transitively.
function neededOperations(program: NadaProgram, byId: ReadonlyMap<number, Operation>): Set<number> {
  const needed = new Set<number>();
  const pending = program.operations
    .filter((operation) => operation.kind === "inputReference")
    .map((operation) => operation.id);
  pending.push(...program.outputs.map((output) => output.operationId));
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (needed.has(id)) continue;
    const operation = byId.get(id);
    if (operation === undefined) throw new InternalError(`operation ${id} is not in the program`);
    needed.add(id);
    pending.push(...operandsOf(operation));
  }
  return needed;
}
