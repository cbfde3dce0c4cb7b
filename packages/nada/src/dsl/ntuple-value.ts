// Tuples of any length: Python's `NTuple`. The MIR has them, but the node can neither load nor read one
// (it refuses the program at upload); they are here so that every nada_dsl program can be written.
import type { NadaType, NTupleType } from "../nada-type.js";
import { apiCallSite } from "./call-site.js";
import { checkIndex, component } from "./component-access.js";
import { typeArgument, valueArgument } from "./dsl-argument.js";
import { type DslType, DslValue, EXPRESSION, WRAP, WRAPPER, type Wrapper } from "./dsl-value.js";
import { type Expression, expression } from "./expression.js";
import { ProgramSourceError } from "./program-source-error.js";

/** The wrappers of the fields of an n-tuple class. */
type FieldWrappers<T extends readonly DslValue[]> = { readonly [I in keyof T]: Wrapper<T[I]> };

/** The types of the fields of an n-tuple class. */
type FieldTypes<T extends readonly DslValue[]> = { readonly [I in keyof T]: DslType<T[I]> };

/**
 * A tuple of any number of values (Python's `NTuple`). The node rejects programs that use one.
 *
 * @typeParam T the fields' classes
 *
 * @example
 * ```ts
 * import { NTuple, SecretInteger } from "@nillion/nada/dsl";
 *
 * const triple = NTuple.type(SecretInteger, SecretInteger, SecretInteger);
 * ```
 */
export class NTuple<T extends readonly DslValue[]> extends DslValue {
  readonly #fields: FieldWrappers<T>;

  /** @internal */
  constructor(expression: Expression, fields: FieldWrappers<T>) {
    super(expression);
    this.#fields = fields;
  }

  /** @internal */
  get [WRAPPER](): Wrapper<NTuple<T>> {
    return ntupleWrapper(this.#fields);
  }

  /** Field `index` (from 0). */
  at<I extends number & keyof T>(index: I): T[I] {
    const site = apiCallSite();
    const source = this[EXPRESSION];
    const types = (source.type as NTupleType).fields;
    checkIndex("at", index, types.length, site);
    return component(
      "at",
      types[index] as NadaType,
      this.#fields[index] as Wrapper<T[I]>,
      { kind: "ntupleAccessor", source, index },
      site,
    );
  }

  /** A new n-tuple of the given values (Python's `NTuple.new`). */
  static of<T extends readonly [DslValue, ...DslValue[]]>(...values: T): NTuple<T> {
    const site = apiCallSite();
    if (values.length === 0) {
      throw new ProgramSourceError(site, "size", "values", "NTuple.of: an n-tuple needs at least one value");
    }
    const fields = values.map((value, i) => valueArgument(value, "NTuple.of", `values[${i}]`, site));
    const type: NadaType = { kind: "NTuple", fields: fields.map((field) => field.nadaType) };
    const made = expression(type, site, { kind: "new", elements: fields.map((field) => field[EXPRESSION]) });
    return new NTuple(made, fields.map((field) => field[WRAPPER]) as unknown as FieldWrappers<T>);
  }

  /** The type of n-tuples of the given field types, for inputs. */
  static type<T extends readonly [DslValue, ...DslValue[]]>(...fields: FieldTypes<T>): DslType<NTuple<T>> {
    const site = apiCallSite();
    const types = fields.map((field, i) => typeArgument(field, "NTuple.type", `fields[${i}]`, site));
    return Object.freeze({
      nadaType: Object.freeze({
        kind: "NTuple",
        fields: Object.freeze(types.map((field) => field.nadaType)),
      }),
      [WRAP]: ntupleWrapper(types as unknown as FieldWrappers<T>)[WRAP],
    });
  }
}

function ntupleWrapper<T extends readonly DslValue[]>(fields: FieldWrappers<T>): Wrapper<NTuple<T>> {
  return { [WRAP]: (made: Expression) => new NTuple(made, fields) };
}
