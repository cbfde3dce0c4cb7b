// Where a party's preprocessing material comes from: the pools a node filled ahead of time (§3).
import { InvalidArgumentError, type PreprocessingElementName } from "@nillion/types";
import type { ExecutionPlan } from "./execution-plan.js";

/**
 * One party's material for one preprocessing element: a flat list of field elements (its shares of the
 * element's random values), whose layout the protocol that consumes the element defines.
 *
 * @example
 * ```ts
 * import type { PreprocessingMaterial } from "@nillion/mpc";
 *
 * const randomInteger: PreprocessingMaterial = [123n]; // this party's share of one uniform element
 * ```
 */
export type PreprocessingMaterial = readonly bigint[];

/**
 * One party's view of the preprocessing reserved for a computation. The plan numbers the elements each
 * computation consumes 0, 1, 2… per element kind, in the order its protocols start, the same on every
 * party; a node maps offset `o` of `element` to the `o`-th element of the range its receipt reserved
 * (`SelectedPreprocessingOffsets.start + o`) and returns its own shares of it.
 *
 * @example
 * ```ts
 * import type { PreprocessingSource } from "@nillion/mpc";
 *
 * // A node's source over the batches it stores, for the offsets a compute receipt reserved.
 * function poolSource(reserved: Map<string, number>, read: (element: string, offset: number) => Promise<readonly bigint[]>): PreprocessingSource {
 *   return {
 *     draw: (element, offset, count) =>
 *       Promise.all(Array.from({ length: count }, (_, i) => read(element, (reserved.get(element) ?? 0) + offset + i))),
 *   };
 * }
 * ```
 */
export interface PreprocessingSource {
  /** This party's material for elements `offset … offset + count − 1` of `element`, in offset order. */
  draw(
    element: PreprocessingElementName,
    offset: number,
    count: number,
  ): Promise<readonly PreprocessingMaterial[]>;
}

/**
 * Draws everything `plan` consumes, one `draw` per element kind, and returns each online step's
 * material by operation id.
 *
 * @throws {InvalidArgumentError} if the plan needs material and there is no source, or the source
 * returns a different number of elements than asked for
 */
export async function drawPreprocessing(
  plan: ExecutionPlan,
  source: PreprocessingSource | undefined,
): Promise<ReadonlyMap<number, PreprocessingMaterial>> {
  const material = new Map<number, PreprocessingMaterial>();
  const wanted = Object.entries(plan.preprocessing) as [PreprocessingElementName, number][];
  if (wanted.length === 0) return material;
  if (source === undefined) {
    const list = wanted.map(([element, count]) => `${element} ×${count}`).join(", ");
    throw new InvalidArgumentError(`the program consumes preprocessing (${list}) but no source was given`, {
      argument: "preprocessing",
    });
  }
  const drawn = new Map(
    await Promise.all(
      wanted.map(async ([element, count]) => {
        const elements = await source.draw(element, 0, count);
        if (elements.length !== count) {
          throw new InvalidArgumentError(
            `the preprocessing source returned ${elements.length} ${element} elements, ${count} were drawn`,
            { argument: "preprocessing" },
          );
        }
        return [element, elements] as const;
      }),
    ),
  );
  for (const stage of plan.stages) {
    for (const { operation, preprocessing } of stage.online) {
      if (preprocessing === undefined) continue;
      material.set(operation.id, drawn.get(preprocessing.element)?.[preprocessing.offset] ?? []);
    }
  }
  return material;
}
