// Hand-built lowered programs for the engine's tests. Operation `id` sits at `test.py:<id + 1>`, so
// messages name a predictable line. Result types follow the catalogue (secret if an operand is).
import type {
  BinaryOperationKind,
  NadaProgram,
  NadaType,
  Operation,
  ProgramInput,
  ProgramOutput,
  ScalarTypeName,
  SourceRef,
} from "@nillion/nada";
import {
  Integer,
  Boolean as NadaBoolean,
  type NadaValue,
  type NadaValues,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  UnsignedInteger,
} from "@nillion/types";

type Draft = Operation extends infer O
  ? O extends Operation
    ? Omit<O, "id" | "sourceRefIndex">
    : never
  : never;

/** Shorthands for types. */
export const T = {
  Int: { kind: "Integer" },
  UInt: { kind: "UnsignedInteger" },
  Bool: { kind: "Boolean" },
  SInt: { kind: "SecretInteger" },
  SUInt: { kind: "SecretUnsignedInteger" },
  SBool: { kind: "SecretBoolean" },
  array: (element: NadaType, size: number): NadaType => ({ kind: "Array", element, size }),
  tuple: (left: NadaType, right: NadaType): NadaType => ({ kind: "Tuple", left, right }),
} as const satisfies Record<string, NadaType | ((...args: never[]) => NadaType)>;

const PUBLIC_OF: Readonly<Record<string, ScalarTypeName>> = {
  SecretInteger: "Integer",
  SecretUnsignedInteger: "UnsignedInteger",
  SecretBoolean: "Boolean",
};

// Comparisons, including the front-end forms that lowering rewrites into `lessThan`, `equals` and `not`.
const BOOLEAN_RESULTS: ReadonlySet<BinaryOperationKind> = new Set<BinaryOperationKind>([
  "lessThan",
  "lessOrEqual",
  "greaterThan",
  "greaterOrEqual",
  "equals",
  "notEquals",
]);

const isSecret = (type: NadaType): boolean =>
  type.kind === "Array" ? isSecret(type.element) : type.kind.startsWith("Secret");
const secretOf = (type: NadaType): NadaType =>
  isSecret(type) ? type : ({ kind: `Secret${type.kind}` } as NadaType);
const publicOf = (type: NadaType): NadaType => ({ kind: PUBLIC_OF[type.kind] ?? type.kind }) as NadaType;

export class ProgramBuilder {
  readonly #parties = new Set<string>(["P"]);
  readonly #inputs: ProgramInput[] = [];
  readonly #literals: { name: string; value: string; type: NadaType }[] = [];
  readonly #outputs: ProgramOutput[] = [];
  readonly #operations: Operation[] = [];
  readonly #sourceRefs: SourceRef[] = [];

  /** Declares a party besides the default `P`. */
  party(name: string): this {
    this.#parties.add(name);
    return this;
  }

  /** Declares an input and loads it. */
  input(name: string, type: NadaType, party = "P"): number {
    this.#parties.add(party);
    this.#inputs.push({ name, type, party, doc: "", sourceRefIndex: this.#ref(900) });
    return this.op({ kind: "inputReference", input: name, type });
  }

  literal(value: string, type: NadaType): number {
    const name = `literal-${value}-${type.kind}`;
    if (!this.#literals.some((literal) => literal.name === name)) this.#literals.push({ name, value, type });
    return this.op({ kind: "literalReference", literal: name, type });
  }

  /** `left <kind> right`, with the catalogue's result type unless `type` is given. */
  binary(kind: BinaryOperationKind, left: number, right: number, type?: NadaType): number {
    const l = this.typeOf(left);
    const r = this.typeOf(right);
    const secret = isSecret(l) || isSecret(r);
    let inferred: NadaType;
    if (BOOLEAN_RESULTS.has(kind)) inferred = secret ? T.SBool : T.Bool;
    else if (kind === "publicOutputEquality") inferred = T.Bool;
    else if (kind === "innerProduct") {
      const element = (l as { element: NadaType }).element;
      inferred = secret ? secretOf(element) : element;
    } else inferred = secret ? secretOf(l) : l;
    return this.op({ kind, left, right, type: type ?? inferred });
  }

  not(operand: number): number {
    return this.op({ kind: "not", operand, type: this.typeOf(operand) });
  }

  /** A fresh random value: `SecretInteger.random()` and friends. */
  random(type: NadaType): number {
    return this.op({ kind: "random", type });
  }

  reveal(operand: number): number {
    return this.op({ kind: "reveal", operand, type: publicOf(this.typeOf(operand)) });
  }

  ifElse(condition: number, whenTrue: number, whenFalse: number): number {
    const secret = [condition, whenTrue, whenFalse].some((id) => isSecret(this.typeOf(id)));
    const branch = this.typeOf(whenTrue);
    return this.op({
      kind: "ifElse",
      condition,
      whenTrue,
      whenFalse,
      type: secret ? secretOf(branch) : publicOf(branch),
    });
  }

  newArray(elements: readonly number[]): number {
    return this.op({
      kind: "new",
      elements,
      type: T.array(this.typeOf(elements[0] as number), elements.length),
    });
  }

  newTuple(left: number, right: number): number {
    return this.op({
      kind: "new",
      elements: [left, right],
      type: T.tuple(this.typeOf(left), this.typeOf(right)),
    });
  }

  at(source: number, index: number): number {
    const type = (this.typeOf(source) as { element: NadaType }).element;
    return this.op({ kind: "arrayAccessor", source, index, type });
  }

  side(source: number, side: "left" | "right"): number {
    const type = (this.typeOf(source) as { left: NadaType; right: NadaType })[side];
    return this.op({ kind: "tupleAccessor", source, side, type });
  }

  /** Adds any operation with the next id. */
  op(draft: Draft): number {
    const id = this.#operations.length;
    this.#operations.push({ ...draft, id, sourceRefIndex: this.#ref(id + 1) } as Operation);
    return id;
  }

  output(name: string, operationId: number, party = "P"): this {
    this.#parties.add(party);
    this.#outputs.push({
      name,
      operationId,
      party,
      type: this.typeOf(operationId),
      sourceRefIndex: this.#ref(800),
    });
    return this;
  }

  typeOf(id: number): NadaType {
    const operation = this.#operations[id];
    if (operation === undefined) throw new Error(`no operation ${id}`);
    return operation.type;
  }

  build(): NadaProgram {
    return {
      parties: [...this.#parties].map((name) => ({ name, sourceRefIndex: this.#ref(1000) })),
      inputs: this.#inputs,
      literals: this.#literals,
      outputs: this.#outputs,
      operations: this.#operations,
      functions: [],
      sourceFiles: { "test.py": "" },
      sourceRefs: this.#sourceRefs,
    };
  }

  #ref(line: number): number {
    const index = this.#sourceRefs.findIndex((ref) => ref.line === line);
    if (index !== -1) return index;
    this.#sourceRefs.push({ file: "test.py", line, offset: 0, length: 0 });
    return this.#sourceRefs.length - 1;
  }
}

/** A value of a scalar type (`T.Int`, `T.SBool`…): a bigint for integers, a boolean for booleans. */
export function scalarValue(type: NadaType, value: bigint | boolean): NadaValue {
  switch (type.kind) {
    case "Integer":
      return new Integer(value as bigint);
    case "UnsignedInteger":
      return new UnsignedInteger(value as bigint);
    case "Boolean":
      return new NadaBoolean(value as boolean);
    case "SecretInteger":
      return new SecretInteger(value as bigint);
    case "SecretUnsignedInteger":
      return new SecretUnsignedInteger(value as bigint);
    case "SecretBoolean":
      return new SecretBoolean(value as boolean);
    default:
      throw new Error(`${type.kind} is not a scalar type`);
  }
}

/**
 * `a<i> <kind> b<i>` for `count` operand pairs and every kind, side by side in one program: inputs `a0`,
 * `b0`, `a1`…, outputs `<kind><i>` (the front-end kinds `lessOrEqual`, `notEquals`, `booleanAnd`… are
 * lowered when the program runs).
 */
export function pairwiseProgram(
  kinds: readonly BinaryOperationKind[],
  left: NadaType,
  right: NadaType,
  count: number,
): NadaProgram {
  const builder = new ProgramBuilder();
  for (let i = 0; i < count; i++) {
    const a = builder.input(`a${i}`, left);
    const b = builder.input(`b${i}`, right);
    for (const kind of kinds) builder.output(`${kind}${i}`, builder.binary(kind, a, b));
  }
  return builder.build();
}

/** The inputs of {@link pairwiseProgram} for `pairs` (anything after a pair's operands is ignored). */
export function pairwiseInputs(
  left: NadaType,
  right: NadaType,
  pairs: readonly (readonly [bigint | boolean, bigint | boolean, ...unknown[]])[],
): NadaValues {
  return Object.fromEntries(
    pairs.flatMap(([a, b], i) => [
      [`a${i}`, scalarValue(left, a)],
      [`b${i}`, scalarValue(right, b)],
    ]),
  );
}

/** The outputs a {@link pairwiseProgram} of `count` pairs should give: `<kind><i>` for each pair and kind. */
export function pairwiseOutputs(
  count: number,
  kinds: Readonly<Partial<Record<BinaryOperationKind, (i: number) => NadaValue>>>,
): Record<string, NadaValue> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) =>
      Object.entries(kinds).map(([kind, value]) => [`${kind}${i}`, (value as (i: number) => NadaValue)(i)]),
    ).flat(),
  );
}
