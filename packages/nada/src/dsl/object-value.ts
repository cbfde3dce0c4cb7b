// Records of named fields: Python's `Object`. The MIR has them, but the node can neither load nor read
// one (it refuses the program at upload); they are here so that every nada_dsl program can be written.
import type { NadaType, ObjectType } from "../nada-type.js";
import { apiCallSite } from "./call-site.js";
import { component } from "./component-access.js";
import { typeArgument, valueArgument } from "./dsl-argument.js";
import { type DslType, DslValue, EXPRESSION, WRAP, WRAPPER, type Wrapper } from "./dsl-value.js";
import { type Expression, expression } from "./expression.js";
import { ProgramSourceError } from "./program-source-error.js";

/** The wrappers of the fields of an object class. */
type FieldWrappers<T extends Record<string, DslValue>> = { readonly [K in keyof T]: Wrapper<T[K]> };

/** The types of the fields of an object class. */
type FieldTypes<T extends Record<string, DslValue>> = { readonly [K in keyof T]: DslType<T[K]> };

/**
 * A record of named values (Python's `Object`); exported as `Object` too. Its type lists the fields by
 * name, as Python's does; the node rejects programs that use one.
 *
 * @typeParam T the fields' classes, by name
 *
 * @example
 * ```ts
 * import { NadaObject, PublicInteger, SecretInteger } from "@nillion/nada/dsl";
 *
 * const point = NadaObject.type({ x: SecretInteger, y: PublicInteger });
 * ```
 */
export class NadaObject<T extends Record<string, DslValue>> extends DslValue {
  readonly #fields: FieldWrappers<T>;

  /** @internal */
  constructor(expression: Expression, fields: FieldWrappers<T>) {
    super(expression);
    this.#fields = fields;
  }

  /** @internal */
  get [WRAPPER](): Wrapper<NadaObject<T>> {
    return objectWrapper(this.#fields);
  }

  /** Field `key`. */
  get<K extends keyof T & string>(key: K): T[K] {
    const site = apiCallSite();
    const source = this[EXPRESSION];
    const field = (source.type as ObjectType).fields.find((candidate) => candidate.name === key);
    const wrapper = Object.hasOwn(this.#fields, key) ? this.#fields[key] : undefined;
    if (field === undefined || wrapper === undefined) {
      throw new ProgramSourceError(
        site,
        "index",
        "key",
        `get: "key" must name a field (${Object.keys(this.#fields).join(", ")}), got ${JSON.stringify(key)}`,
      );
    }
    return component("get", field.type, wrapper, { kind: "objectAccessor", source, key }, site);
  }

  /** A new object of the given fields (Python's `Object.new`). */
  static of<T extends Record<string, DslValue>>(fields: T): NadaObject<T> {
    const site = apiCallSite();
    const entries = sortedEntries(fields, "Object.of", "fields", site).map(
      ([name, value]) => [name, valueArgument(value, "Object.of", `fields.${name}`, site)] as const,
    );
    const type: NadaType = {
      kind: "Object",
      fields: entries.map(([name, value]) => ({ name, type: value.nadaType })),
    };
    // Elements in the type's (sorted) field order, so that element i is field i.
    const made = expression(type, site, {
      kind: "new",
      elements: entries.map(([, value]) => value[EXPRESSION]),
    });
    return new NadaObject(
      made,
      Object.fromEntries(entries.map(([name, value]) => [name, value[WRAPPER]])) as FieldWrappers<T>,
    );
  }

  /** The type of objects with the given fields, for inputs. */
  static type<T extends Record<string, DslValue>>(fields: FieldTypes<T>): DslType<NadaObject<T>> {
    const site = apiCallSite();
    const entries = sortedEntries(fields, "Object.type", "fields", site).map(
      ([name, type]) => [name, typeArgument(type, "Object.type", `fields.${name}`, site)] as const,
    );
    const nadaType: NadaType = Object.freeze({
      kind: "Object",
      fields: Object.freeze(entries.map(([name, type]) => Object.freeze({ name, type: type.nadaType }))),
    });
    return Object.freeze({
      nadaType,
      [WRAP]: objectWrapper(Object.fromEntries(entries) as unknown as FieldWrappers<T>)[WRAP],
    });
  }
}

function objectWrapper<T extends Record<string, DslValue>>(fields: FieldWrappers<T>): Wrapper<NadaObject<T>> {
  return { [WRAP]: (made: Expression) => new NadaObject(made, fields) };
}

// The fields by name, as the MIR's object types list them.
function sortedEntries<V>(
  fields: unknown,
  method: string,
  argument: string,
  site: ReturnType<typeof apiCallSite>,
): [string, V][] {
  if (typeof fields !== "object" || fields === null || Object.keys(fields).length === 0) {
    throw new ProgramSourceError(
      site,
      "size",
      argument,
      `${method}: "${argument}" must be an object with at least one field`,
    );
  }
  return (Object.entries(fields) as [string, V][]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
