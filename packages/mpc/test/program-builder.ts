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
    if (kind === "lessThan" || kind === "equals") inferred = secret ? T.SBool : T.Bool;
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
