// Fixed-size arrays: Python's `Array`, with its map, reduce, zip, unzip and inner product, and indexing.
import { type ArrayType, formatNadaType, type NadaType, nadaTypesEqual } from "../nada-type.js";
import { apiCallSite, type CallSite } from "./call-site.js";
import { checkIndex, component } from "./component-access.js";
import { typeArgument, valueArgument } from "./dsl-argument.js";
import {
  article,
  type DslType,
  DslValue,
  describeArgument,
  dslTypeName,
  EXPRESSION,
  WRAP,
  WRAPPER,
  type Wrapper,
} from "./dsl-value.js";
import { type Expression, expression } from "./expression.js";
import { type JoinModes, joinModes, type Mode } from "./mode.js";
import { ProgramSourceError } from "./program-source-error.js";
import { type Scalar, scalarType } from "./scalar-operations.js";
import { isLiteralClass, type ScalarValue, wrapScalar } from "./scalar-values.js";
import { traceFunction } from "./trace-function.js";
import { NadaTuple, tupleSides, tupleWrapper } from "./tuple-value.js";

/** The base type of a numeric scalar class. */
type NumericBaseOf<E> = E extends { readonly base: infer B extends "Integer" | "UnsignedInteger" }
  ? B
  : never;

/** The mode of a scalar class. */
type ModeOf<E> = E extends { readonly mode: infer M extends Mode } ? M : never;

/** The element class of an array class. */
type ElementOf<A> = A extends NadaArray<infer E, number> ? E : never;

/** What `map` and `reduce` accept as elements: computed values, not literals (Python's rule). */
type Traceable<E, F> = E extends { readonly mode: "literal" } ? never : F;

/**
 * A fixed-size array of values of one type (Python's `Array`); exported as `Array` too. Its size is part
 * of its type, so `zip` and `innerProduct` of arrays of different sizes do not type-check.
 *
 * @typeParam E the elements' class
 * @typeParam N the size
 *
 * @example
 * ```ts
 * import { NadaArray, Party, program, SecretInteger } from "@nillion/nada/dsl";
 *
 * export default program(() => {
 *   const p = new Party("P");
 *   const xs = p.input("xs", NadaArray.type(SecretInteger, 3));
 *   const total = xs.reduce((sum, x) => sum.add(x), p.input("start", SecretInteger));
 *   return [p.output("total", total)];
 * });
 * ```
 */
export class NadaArray<E extends DslValue, N extends number> extends DslValue {
  /** The number of elements. */
  readonly size: N;
  readonly #element: Wrapper<E>;

  /** @internal */
  constructor(expression: Expression, element: Wrapper<E>) {
    super(expression);
    this.size = (expression.type as ArrayType).size as N;
    this.#element = element;
  }

  /** @internal */
  get [WRAPPER](): Wrapper<NadaArray<E, N>> {
    return arrayWrapper(this.#element);
  }

  /** Element `index` (from 0). */
  at(index: number): E {
    const site = apiCallSite();
    const source = this[EXPRESSION];
    checkIndex("at", index, this.size, site);
    const type = (source.type as ArrayType).element;
    return component("at", type, this.#element, { kind: "arrayAccessor", source, index }, site);
  }

  /**
   * `fn` applied to every element: a Nada function, traced once. `fn` may read any value of the program
   * besides its argument.
   */
  map<R extends DslValue>(fn: Traceable<E, (element: E) => R>): NadaArray<R, N> {
    const site = apiCallSite();
    this.#traceable("map", site);
    const array = this[EXPRESSION];
    const { definition, result } = traceFunction(
      "map",
      fn,
      [{ name: "element", type: (array.type as ArrayType).element, wrapper: this.#element }],
      site,
    );
    const type: NadaType = { kind: "Array", element: result.nadaType, size: this.size };
    const mapped = expression(type, site, { kind: "map", fn: definition, array });
    return new NadaArray(mapped, result[WRAPPER] as Wrapper<R>);
  }

  /**
   * A left fold: `fn(…fn(fn(initial, this[0]), this[1])…)`, the accumulator first. `fn` must return a
   * value of the accumulator's type.
   */
  reduce<R extends DslValue>(fn: Traceable<E, (accumulator: R, element: E) => R>, initial: R): R {
    const site = apiCallSite();
    this.#traceable("reduce", site);
    const start = valueArgument(initial, "reduce", "initial", site);
    if (isLiteralClass(start[WRAPPER])) {
      throw new ProgramSourceError(
        site,
        "operand-type",
        "initial",
        `reduce: "initial" must be a computed value, not a literal (Python's rule), got ${article(dslTypeName(start[EXPRESSION]))}`,
      );
    }
    const array = this[EXPRESSION];
    const { definition, result } = traceFunction(
      "reduce",
      fn,
      [
        { name: "accumulator", type: start.nadaType, wrapper: start[WRAPPER] },
        { name: "element", type: (array.type as ArrayType).element, wrapper: this.#element },
      ],
      site,
    );
    if (!nadaTypesEqual(result.nadaType, start.nadaType)) {
      throw new ProgramSourceError(
        site,
        "function",
        "fn",
        `reduce: "fn" must return the accumulator's type ${formatNadaType(start.nadaType)}, returned ${describeArgument(result)}`,
      );
    }
    const reduced = expression(result.nadaType, site, {
      kind: "reduce",
      fn: definition,
      array,
      initial: start[EXPRESSION],
    });
    return start[WRAPPER][WRAP](reduced) as R;
  }

  /** The arrays paired element by element: `[(this[0], other[0]), …]`. */
  zip<U extends DslValue>(other: NadaArray<U, N>): NadaArray<NadaTuple<E, U>, N> {
    const site = apiCallSite();
    const that = this.#sameSize("zip", other, site);
    const type: NadaType = {
      kind: "Array",
      element: {
        kind: "Tuple",
        left: this.#elementType(),
        right: (that[EXPRESSION].type as ArrayType).element,
      },
      size: this.size,
    };
    const zipped = expression(type, site, {
      kind: "binary",
      operation: "zip",
      left: this[EXPRESSION],
      right: that[EXPRESSION],
    });
    return new NadaArray(zipped, tupleWrapper(this.#element, that.#element as Wrapper<U>));
  }

  /** An array of pairs split into the array of left values and the array of right values (Python's `unzip`). */
  unzip<L extends DslValue, R extends DslValue>(
    this: NadaArray<NadaTuple<L, R>, N>,
  ): NadaTuple<NadaArray<L, N>, NadaArray<R, N>> {
    const site = apiCallSite();
    const element = this.#elementType();
    if (element.kind !== "Tuple") {
      throw new ProgramSourceError(
        site,
        "operand-type",
        "this",
        `unzip: "this" must be an array of tuples, got ${article(formatNadaType(this.nadaType))}`,
      );
    }
    const left: NadaType = { kind: "Array", element: element.left, size: this.size };
    const right: NadaType = { kind: "Array", element: element.right, size: this.size };
    const unzipped = expression({ kind: "Tuple", left, right }, site, {
      kind: "unary",
      operation: "unzip",
      operand: this[EXPRESSION],
    });
    const sides = tupleSides(this.#element as Wrapper<NadaTuple<L, R>>);
    return new NadaTuple(unzipped, arrayWrapper<L, N>(sides.left), arrayWrapper<R, N>(sides.right));
  }

  /**
   * `Σ this[i] · other[i]`, for arrays of integers (or of unsigned integers) of one size. The result is
   * secret if either array's elements are.
   */
  innerProduct<O extends NadaArray<ScalarValue<NumericBaseOf<E>>, N>>(
    this: NadaArray<ScalarValue<"Integer" | "UnsignedInteger">, N>,
    other: O,
  ): ScalarValue<NumericBaseOf<E>, JoinModes<ModeOf<E>, ModeOf<ElementOf<O>>>> {
    const site = apiCallSite();
    const that = this.#sameSize("innerProduct", other, site);
    const mine = this.#numericElement("innerProduct", "this", this, site);
    const theirs = this.#numericElement("innerProduct", "other", that, site);
    if (theirs.base !== mine.base) {
      throw new ProgramSourceError(
        site,
        "operand-type",
        "other",
        `innerProduct: "other" must hold ${mine.base} elements like "this", got ${article(formatNadaType(that.nadaType))}`,
      );
    }
    const type = scalarType(mine.base, joinModes(mine.mode, theirs.mode) === "secret" ? "secret" : "public");
    const product = expression(type, site, {
      kind: "binary",
      operation: "innerProduct",
      left: this[EXPRESSION],
      right: that[EXPRESSION],
    });
    return wrapScalar(product) as ScalarValue<NumericBaseOf<E>, JoinModes<ModeOf<E>, ModeOf<ElementOf<O>>>>;
  }

  /** A new array of the given values, all of one type (Python's `Array.new`). */
  static of<E extends DslValue, R extends E[]>(first: E, ...rest: R): NadaArray<E, [E, ...R]["length"]> {
    const site = apiCallSite();
    if (first === undefined && rest.length === 0) {
      throw new ProgramSourceError(site, "size", "elements", "Array.of: an array needs at least one element");
    }
    const values = [first, ...rest].map((element, i) =>
      valueArgument(element, "Array.of", `elements[${i}]`, site),
    );
    const head = values[0] as DslValue;
    for (const [i, value] of values.entries()) {
      const literal = isLiteralClass(value[WRAPPER]);
      if (!nadaTypesEqual(value.nadaType, head.nadaType) || literal !== isLiteralClass(head[WRAPPER])) {
        throw new ProgramSourceError(
          site,
          "operand-type",
          `elements[${i}]`,
          `Array.of: every element must have the first one's type ${dslTypeName(head[EXPRESSION])}, got ${describeArgument(value)}`,
        );
      }
    }
    const type: NadaType = { kind: "Array", element: head.nadaType, size: values.length };
    const made = expression(type, site, { kind: "new", elements: values.map((value) => value[EXPRESSION]) });
    return new NadaArray(made, head[WRAPPER] as Wrapper<E>);
  }

  /** The type of arrays of `size` values of `element`, for inputs. */
  static type<E extends DslValue, N extends number>(element: DslType<E>, size: N): DslType<NadaArray<E, N>> {
    const site = apiCallSite();
    const inner = typeArgument(element, "Array.type", "element", site) as DslType<E>;
    if (typeof size !== "number" || !Number.isInteger(size) || size < 1 || size > 0xffffffff) {
      throw new ProgramSourceError(
        site,
        "size",
        "size",
        `Array.type: "size" must be an integer from 1 to 4294967295, got ${describeArgument(size)}`,
      );
    }
    return Object.freeze({
      nadaType: Object.freeze({ kind: "Array", element: inner.nadaType, size }),
      [WRAP]: arrayWrapper<E, N>(inner)[WRAP],
    });
  }

  #elementType(): NadaType {
    return (this[EXPRESSION].type as ArrayType).element;
  }

  #traceable(method: string, site: CallSite): void {
    if (isLiteralClass(this.#element)) {
      throw new ProgramSourceError(
        site,
        "operand-type",
        "this",
        `${method}: an array of literals cannot be mapped or reduced (Python's rule); compute with the literals directly`,
      );
    }
  }

  #sameSize(method: string, other: unknown, site: CallSite): NadaArray<DslValue, number> {
    if (!(other instanceof NadaArray)) {
      throw new ProgramSourceError(
        site,
        "operand-type",
        "other",
        `${method}: "other" must be an array, got ${describeArgument(other)}`,
      );
    }
    if (other.size !== this.size) {
      throw new ProgramSourceError(
        site,
        "size",
        "other",
        `${method}: "other" must have ${this.size} elements like "this", got ${other.size}`,
      );
    }
    return other;
  }

  #numericElement(
    method: string,
    argument: string,
    array: NadaArray<DslValue, number>,
    site: CallSite,
  ): Scalar {
    const kind = (array[EXPRESSION].type as ArrayType).element.kind;
    const base = kind.replace(/^Secret/, "");
    if (base !== "Integer" && base !== "UnsignedInteger") {
      throw new ProgramSourceError(
        site,
        "operand-type",
        argument,
        `${method}: "${argument}" must hold Integer or UnsignedInteger elements, got ${article(formatNadaType(array.nadaType))}`,
      );
    }
    return { expression: array[EXPRESSION], base, mode: kind.startsWith("Secret") ? "secret" : "public" };
  }
}

/** The wrapper of arrays whose elements `element` wraps. */
function arrayWrapper<E extends DslValue, N extends number>(element: Wrapper<E>): Wrapper<NadaArray<E, N>> {
  return { [WRAP]: (made: Expression) => new NadaArray<E, N>(made, element) };
}
