// Pairs: Python's `Tuple`, built with `Tuple.of`, read with `left` and `right`, or declared as an input.
import type { NadaType, TupleType } from "../nada-type.js";
import { apiCallSite } from "./call-site.js";
import { component } from "./component-access.js";
import { typeArgument, valueArgument } from "./dsl-argument.js";
import { type DslType, DslValue, EXPRESSION, WRAP, WRAPPER, type Wrapper } from "./dsl-value.js";
import { type Expression, expression } from "./expression.js";

/**
 * A pair of values (Python's `Tuple`); exported as `Tuple` too.
 *
 * @typeParam L the left value's class
 * @typeParam R the right value's class
 *
 * @example
 * ```ts
 * import { NadaTuple, Party, program, SecretInteger } from "@nillion/nada/dsl";
 *
 * export default program(() => {
 *   const p = new Party("P");
 *   const pair = p.input("pair", NadaTuple.type(SecretInteger, SecretInteger));
 *   return [p.output("sum", pair.left.add(pair.right))];
 * });
 * ```
 */
export class NadaTuple<L extends DslValue, R extends DslValue> extends DslValue {
  readonly #left: Wrapper<L>;
  readonly #right: Wrapper<R>;

  /** @internal */
  constructor(expression: Expression, left: Wrapper<L>, right: Wrapper<R>) {
    super(expression);
    this.#left = left;
    this.#right = right;
  }

  /** @internal */
  get [WRAPPER](): Wrapper<NadaTuple<L, R>> {
    return tupleWrapper(this.#left, this.#right);
  }

  /** The left value. */
  get left(): L {
    const site = apiCallSite();
    const source = this[EXPRESSION];
    const type = (source.type as TupleType).left;
    return component("left", type, this.#left, { kind: "tupleAccessor", source, side: "left" }, site);
  }

  /** The right value. */
  get right(): R {
    const site = apiCallSite();
    const source = this[EXPRESSION];
    const type = (source.type as TupleType).right;
    return component("right", type, this.#right, { kind: "tupleAccessor", source, side: "right" }, site);
  }

  /** A new tuple of two values (Python's `Tuple.new`). */
  static of<L extends DslValue, R extends DslValue>(left: L, right: R): NadaTuple<L, R> {
    const site = apiCallSite();
    const l = valueArgument(left, "Tuple.of", "left", site);
    const r = valueArgument(right, "Tuple.of", "right", site);
    const type: NadaType = { kind: "Tuple", left: l.nadaType, right: r.nadaType };
    const made = expression(type, site, { kind: "new", elements: [l[EXPRESSION], r[EXPRESSION]] });
    return new NadaTuple(made, l[WRAPPER] as Wrapper<L>, r[WRAPPER] as Wrapper<R>);
  }

  /** The type of tuples of `left` and `right` values, for inputs. */
  static type<L extends DslValue, R extends DslValue>(
    left: DslType<L>,
    right: DslType<R>,
  ): DslType<NadaTuple<L, R>> {
    const site = apiCallSite();
    const l = typeArgument(left, "Tuple.type", "left", site) as DslType<L>;
    const r = typeArgument(right, "Tuple.type", "right", site) as DslType<R>;
    return Object.freeze({
      nadaType: Object.freeze({ kind: "Tuple", left: l.nadaType, right: r.nadaType }),
      ...tupleWrapper(l, r),
    });
  }
}

// Where a tuple wrapper keeps the wrappers of its sides, for `unzip` to make arrays of each.
const SIDES: unique symbol = Symbol("@nillion/nada/dsl/tuple-sides");

/** A wrapper of tuples, with the wrappers of their sides. */
interface TupleWrapper<L extends DslValue, R extends DslValue> extends Wrapper<NadaTuple<L, R>> {
  readonly [SIDES]: { readonly left: Wrapper<L>; readonly right: Wrapper<R> };
}

/** The wrapper of tuples of `left` and `right` values. */
export function tupleWrapper<L extends DslValue, R extends DslValue>(
  left: Wrapper<L>,
  right: Wrapper<R>,
): TupleWrapper<L, R> {
  return Object.freeze({
    [WRAP]: (made: Expression) => new NadaTuple(made, left, right),
    [SIDES]: Object.freeze({ left, right }),
  });
}

/** The side wrappers of a tuple wrapper (every wrapper of tuples is made by {@link tupleWrapper}). */
export function tupleSides<L extends DslValue, R extends DslValue>(
  wrapper: Wrapper<NadaTuple<L, R>>,
): { readonly left: Wrapper<L>; readonly right: Wrapper<R> } {
  return (wrapper as TupleWrapper<L, R>)[SIDES];
}
