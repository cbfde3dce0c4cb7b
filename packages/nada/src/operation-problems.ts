// The type rules of each operation kind: the node's MIR validator, its compiler's operand checks, and the
// catalogue rules the VM would otherwise only enforce by failing at run time (node-mpc.md §2.2).
import type { FunctionArgument, NadaFunction, NadaProgram } from "./nada-program.js";
import { type NadaType, nadaTypesEqual, type ScalarTypeName, formatNadaType as show } from "./nada-type.js";
import type {
  ArgumentReference,
  ArrayAccessor,
  BinaryOperation,
  IfElseOperation,
  InputReference,
  LiteralReference,
  MapOperation,
  NewOperation,
  Operation,
  ReduceOperation,
  TupleAccessor,
  UnaryOperation,
} from "./operation.js";
import { operandsOf } from "./operation.js";
import type { ProgramRule } from "./program-issue.js";
import { isSecretType, publicCounterpart, type UnderlyingType, underlyingType } from "./type-traits.js";

/** A rule an operation breaks, and what is wrong, without the location prefix. */
export interface Problem {
  readonly rule: ProgramRule;
  readonly text: string;
}

/** Where an operation lives: the program's table or a function body. */
export interface OperationScope {
  readonly program: NadaProgram;
  readonly operations: ReadonlyMap<number, Operation>;
  readonly fn: NadaFunction | undefined;
}

type TypeOf = (id: number) => NadaType;
type Check<O extends Operation> = (operation: O, typeOf: TypeOf, scope: OperationScope) => Problem[];

const INTEGERS: ReadonlySet<UnderlyingType> = new Set(["Integer", "UnsignedInteger"]);
const NUMBERS_AND_BOOLEANS: ReadonlySet<UnderlyingType> = new Set(["Integer", "UnsignedInteger", "Boolean"]);
const BOOLEANS: ReadonlySet<UnderlyingType> = new Set(["Boolean"]);
const RANDOM_TYPES: ReadonlySet<string> = new Set([
  "SecretInteger",
  "SecretUnsignedInteger",
  "SecretBoolean",
]);
const PUBLIC_KEYS: Readonly<Record<string, NadaType>> = {
  EcdsaPrivateKey: { kind: "EcdsaPublicKey" },
  EddsaPrivateKey: { kind: "EddsaPublicKey" },
};

/**
 * Every rule `operation` breaks. Operands that do not exist are reported once and stop the type checks,
 * which would otherwise only repeat the problem.
 */
export function operationProblems(operation: Operation, scope: OperationScope): Problem[] {
  const missing = operandsOf(operation).filter((id) => !scope.operations.has(id));
  if (missing.length > 0)
    return problem("operation-missing", `reads operation ${missing.join(", ")}, which does not exist`);
  const typeOf = (id: number) => (scope.operations.get(id) as Operation).type;
  // Each check takes its own kind; the table is keyed by kind, so the cast only restates that.
  return (CHECKS[operation.kind] as Check<Operation>)(operation, typeOf, scope);
}

function problem(rule: ProgramRule, text: string): Problem[] {
  return [{ rule, text }];
}

/** `SecretX`/`X` for the underlying integer or boolean `base`. */
function typed(base: UnderlyingType, secret: boolean): NadaType {
  return { kind: secret ? (`Secret${base}` as ScalarTypeName) : base };
}

function result(operation: Operation, expected: NadaType): Problem[] {
  return nadaTypesEqual(operation.type, expected)
    ? []
    : problem("result-type", `result type must be ${show(expected)}, found ${show(operation.type)}`);
}

/**
 * Two scalar operands with the same underlying type from `allowed`, and a result with the underlying type
 * `resultBase` (default: the operands'), secret when either operand is, unless `publicResult`.
 */
function sameKindOperands(
  allowed: ReadonlySet<UnderlyingType>,
  what: string,
  resultBase?: UnderlyingType,
  publicResult = false,
): Check<BinaryOperation> {
  return (operation, typeOf) => {
    const left = typeOf(operation.left);
    const right = typeOf(operation.right);
    const leftBase = underlyingType(left);
    const rightBase = underlyingType(right);
    if (
      leftBase === undefined ||
      rightBase === undefined ||
      !allowed.has(leftBase) ||
      !allowed.has(rightBase)
    ) {
      return problem("operand-type", `operands must be ${what}, found ${show(left)} and ${show(right)}`);
    }
    if (leftBase !== rightBase) {
      return problem("operand-type", `operands have different types: ${show(left)} and ${show(right)}`);
    }
    const secret = !publicResult && (isSecretType(left) || isSecretType(right));
    return result(operation, typed(resultBase ?? leftBase, secret));
  };
}

const arithmetic = sameKindOperands(NUMBERS_AND_BOOLEANS, "integers or booleans");
const integerArithmetic = sameKindOperands(INTEGERS, "integers");
const comparison = sameKindOperands(INTEGERS, "integers", "Boolean");
const equality = sameKindOperands(NUMBERS_AND_BOOLEANS, "integers or booleans", "Boolean");
const logic = sameKindOperands(BOOLEANS, "booleans");

const power: Check<BinaryOperation> = (operation, typeOf, scope) => {
  const left = typeOf(operation.left);
  const right = typeOf(operation.right);
  if (isSecretType(left) || isSecretType(right)) {
    return problem(
      "operand-type",
      `power needs a public base and a public exponent, found ${show(left)} ** ${show(right)}`,
    );
  }
  return integerArithmetic(operation, typeOf, scope);
};

// `<<`, `>>` and trunc_pr: an integer, shifted by a public unsigned amount, keeping its type.
function shift(needsSecret: boolean): Check<BinaryOperation> {
  return (operation, typeOf) => {
    const value = typeOf(operation.left);
    const amount = typeOf(operation.right);
    const base = underlyingType(value);
    const problems: Problem[] = [];
    if (base === undefined || !INTEGERS.has(base)) {
      problems.push(...problem("operand-type", `the shifted value must be an integer, found ${show(value)}`));
    } else if (needsSecret && !isSecretType(value)) {
      problems.push(
        ...problem(
          "operand-type",
          `trunc_pr needs a secret integer (use >> on public values), found ${show(value)}`,
        ),
      );
    }
    if (amount.kind !== "UnsignedInteger") {
      problems.push(
        ...problem(
          "operand-type",
          `the shift amount must be a public UnsignedInteger, found ${show(amount)}`,
        ),
      );
    }
    return problems.length > 0 ? problems : result(operation, value);
  };
}

function sign(
  key: ScalarTypeName,
  message: ScalarTypeName,
  signature: ScalarTypeName,
): Check<BinaryOperation> {
  return (operation, typeOf) => {
    const left = typeOf(operation.left);
    const right = typeOf(operation.right);
    if (left.kind !== key || right.kind !== message) {
      return problem(
        "operand-type",
        `signing needs ${key} and ${message}, found ${show(left)} and ${show(right)}`,
      );
    }
    return result(operation, { kind: signature });
  };
}

const innerProduct: Check<BinaryOperation> = (operation, typeOf) => {
  const left = typeOf(operation.left);
  const right = typeOf(operation.right);
  if (left.kind !== "Array" || right.kind !== "Array") {
    return problem("operand-type", `inner product needs two arrays, found ${show(left)} and ${show(right)}`);
  }
  if (left.size !== right.size) {
    return problem("array-shape", `inner product of mismatched array sizes ${left.size} and ${right.size}`);
  }
  const base = underlyingType(left.element);
  if (base === undefined || !INTEGERS.has(base) || underlyingType(right.element) !== base) {
    return problem(
      "operand-type",
      `inner product needs arrays of integers of the same kind, found ${show(left)} and ${show(right)}`,
    );
  }
  return result(operation, typed(base, isSecretType(left) || isSecretType(right)));
};

const zip: Check<BinaryOperation> = (operation, typeOf) => {
  const left = typeOf(operation.left);
  const right = typeOf(operation.right);
  if (left.kind !== "Array" || right.kind !== "Array" || left.size !== right.size) {
    return problem(
      "array-shape",
      `zip needs two arrays of the same size, found ${show(left)} and ${show(right)}`,
    );
  }
  const element: NadaType = { kind: "Tuple", left: left.element, right: right.element };
  return result(operation, { kind: "Array", element, size: left.size });
};

const not: Check<UnaryOperation> = (operation, typeOf) => {
  const value = typeOf(operation.operand);
  if (underlyingType(value) !== "Boolean")
    return problem("operand-type", `not needs a boolean, found ${show(value)}`);
  return result(operation, value);
};

const reveal: Check<UnaryOperation> = (operation, typeOf) => {
  const value = typeOf(operation.operand);
  const opened = isSecretType(value) ? publicCounterpart(value) : undefined;
  if (opened === undefined) {
    return problem("operand-type", `reveal needs a secret integer or boolean, found ${show(value)}`);
  }
  return result(operation, opened);
};

const publicKeyDerive: Check<UnaryOperation> = (operation, typeOf) => {
  const key = typeOf(operation.operand);
  const derived = PUBLIC_KEYS[key.kind];
  if (derived === undefined) {
    return problem(
      "operand-type",
      `public_key needs an EcdsaPrivateKey or EddsaPrivateKey, found ${show(key)}`,
    );
  }
  return result(operation, derived);
};

const unzip: Check<UnaryOperation> = (operation, typeOf) => {
  const source = typeOf(operation.operand);
  if (source.kind !== "Array" || source.element.kind !== "Tuple") {
    return problem("array-shape", `unzip needs an array of tuples, found ${show(source)}`);
  }
  const { left, right } = source.element;
  return result(operation, {
    kind: "Tuple",
    left: { kind: "Array", element: left, size: source.size },
    right: { kind: "Array", element: right, size: source.size },
  });
};

const ifElse: Check<IfElseOperation> = (operation, typeOf) => {
  const condition = typeOf(operation.condition);
  const whenTrue = typeOf(operation.whenTrue);
  const whenFalse = typeOf(operation.whenFalse);
  if (underlyingType(condition) !== "Boolean") {
    return problem("operand-type", `the condition must be a boolean, found ${show(condition)}`);
  }
  const base = underlyingType(whenTrue);
  if (base === undefined || !INTEGERS.has(base) || underlyingType(whenFalse) !== base) {
    return problem(
      "operand-type",
      `both branches must be integers of the same kind (the VM cannot select booleans), found ${show(whenTrue)} and ${show(whenFalse)}`,
    );
  }
  const secret = isSecretType(condition) || isSecretType(whenTrue) || isSecretType(whenFalse);
  return result(operation, typed(base, secret));
};

const random: Check<Operation> = (operation) =>
  RANDOM_TYPES.has(operation.type.kind)
    ? []
    : problem(
        "result-type",
        `random values are SecretInteger, SecretUnsignedInteger or SecretBoolean, not ${show(operation.type)}`,
      );

const newCompound: Check<NewOperation> = (operation, typeOf) => {
  const type = operation.type;
  const elements = operation.elements.map(typeOf);
  switch (type.kind) {
    case "Array": {
      if (elements.length !== type.size) {
        return problem(
          "array-shape",
          `an array of size ${type.size} needs ${type.size} elements, got ${elements.length}`,
        );
      }
      const wrong = elements.findIndex((element) => !nadaTypesEqual(element, type.element));
      if (wrong === -1) return [];
      const found = show(elements[wrong] as NadaType);
      return problem(
        "array-shape",
        `element ${wrong} has type ${found}, but the array holds ${show(type.element)}`,
      );
    }
    case "Tuple": {
      const [left, right] = elements;
      if (elements.length !== 2 || left === undefined || right === undefined) {
        return problem("tuple-shape", `a tuple needs two elements, got ${elements.length}`);
      }
      if (nadaTypesEqual(left, type.left) && nadaTypesEqual(right, type.right)) return [];
      return problem("tuple-shape", `elements ${show(left)} and ${show(right)} do not make a ${show(type)}`);
    }
    case "NTuple":
    case "Object":
      return problem("unsupported", `building a ${type.kind} is not supported`);
    default:
      return problem("array-shape", `new builds arrays and tuples, not ${show(type)}`);
  }
};

const arrayAccessor: Check<ArrayAccessor> = (operation, typeOf) => {
  const source = typeOf(operation.source);
  if (source.kind !== "Array") {
    return problem("accessor", `reads element ${operation.index} of ${show(source)}, which is not an array`);
  }
  if (operation.index >= source.size) {
    return problem("accessor", `index ${operation.index} is out of bounds for ${show(source)}`);
  }
  if (nadaTypesEqual(operation.type, source.element)) return [];
  return problem(
    "accessor",
    `an element of ${show(source)} has type ${show(source.element)}, not ${show(operation.type)}`,
  );
};

const tupleAccessor: Check<TupleAccessor> = (operation, typeOf) => {
  const source = typeOf(operation.source);
  if (source.kind !== "Tuple") {
    return problem("accessor", `reads .${operation.side} of ${show(source)}, which is not a tuple`);
  }
  const side = source[operation.side];
  if (nadaTypesEqual(operation.type, side)) return [];
  return problem(
    "accessor",
    `.${operation.side} of ${show(source)} has type ${show(side)}, not ${show(operation.type)}`,
  );
};

const inputReference: Check<InputReference> = (operation, _typeOf, scope) => {
  const input = scope.program.inputs.find((candidate) => candidate.name === operation.input);
  if (input === undefined) {
    return problem("input-undefined", `input ${operation.input} is used, but it is not defined`);
  }
  if (nadaTypesEqual(input.type, operation.type)) return [];
  return problem(
    "input-type",
    `input ${input.name} is declared ${show(input.type)} but read as ${show(operation.type)}`,
  );
};

const literalReference: Check<LiteralReference> = (operation, _typeOf, scope) => {
  const literal = scope.program.literals.find((candidate) => candidate.name === operation.literal);
  if (literal === undefined)
    return problem("literal-undefined", `literal ${operation.literal} is not defined`);
  if (nadaTypesEqual(literal.type, operation.type)) return [];
  return problem(
    "result-type",
    `literal ${literal.name} has type ${show(literal.type)}, not ${show(operation.type)}`,
  );
};

const argumentReference: Check<ArgumentReference> = (operation, _typeOf, scope) => {
  const fn = scope.fn;
  if (fn === undefined || fn.id !== operation.functionId) {
    return problem(
      "function",
      `reads argument ${operation.argument} of function ${operation.functionId} outside that function`,
    );
  }
  const arg = fn.args.find((candidate) => candidate.name === operation.argument);
  if (arg === undefined)
    return problem("function", `function ${fn.name} has no argument ${operation.argument}`);
  return result(operation, arg.type);
};

// The function `map` or `reduce` calls, if it exists and takes `arity` arguments.
function calledFunction(scope: OperationScope, id: number, arity: number): NadaFunction | Problem[] {
  const fn = scope.program.functions.find((candidate) => candidate.id === id);
  if (fn === undefined) return problem("function", `calls function ${id}, which does not exist`);
  if (fn.args.length !== arity) {
    return problem(
      "function",
      `function ${fn.name} takes ${fn.args.length} arguments, but is called with ${arity}`,
    );
  }
  return fn;
}

const map: Check<MapOperation> = (operation, typeOf, scope) => {
  const fn = calledFunction(scope, operation.functionId, 1);
  if (Array.isArray(fn)) return fn;
  const array = typeOf(operation.array);
  const [arg] = fn.args as [FunctionArgument];
  if (array.kind !== "Array" || !nadaTypesEqual(array.element, arg.type)) {
    return problem(
      "operand-type",
      `${fn.name} takes ${show(arg.type)}, so it cannot map over ${show(array)}`,
    );
  }
  return result(operation, { kind: "Array", element: fn.returnType, size: array.size });
};

const reduce: Check<ReduceOperation> = (operation, typeOf, scope) => {
  const fn = calledFunction(scope, operation.functionId, 2);
  if (Array.isArray(fn)) return fn;
  const array = typeOf(operation.array);
  const initial = typeOf(operation.initial);
  const [accumulator, element] = fn.args as [FunctionArgument, FunctionArgument];
  if (array.kind !== "Array" || !nadaTypesEqual(array.element, element.type)) {
    return problem(
      "operand-type",
      `${fn.name} takes elements of type ${show(element.type)}, so it cannot reduce ${show(array)}`,
    );
  }
  if (!nadaTypesEqual(initial, accumulator.type) || !nadaTypesEqual(fn.returnType, accumulator.type)) {
    return problem(
      "operand-type",
      `the accumulator (initial ${show(initial)}, argument ${show(accumulator.type)}, returned ${show(fn.returnType)}) must have one type`,
    );
  }
  return result(operation, accumulator.type);
};

// Operations the node itself refuses at upload, with its own texts (nilvm's MIR model): the protobuf
// schema has them, no compiler emits them and no VM runs them.
const unsupported =
  (text: string): Check<Operation> =>
  () =>
    problem("unsupported", text);

// The variant of Operation whose kinds include K (binary and unary variants share one interface each).
type OperationOf<K extends Operation["kind"]> = Operation extends infer O
  ? O extends Operation
    ? K extends O["kind"]
      ? O
      : never
    : never
  : never;

const CHECKS: { readonly [K in Operation["kind"]]: Check<OperationOf<K>> } = {
  addition: arithmetic,
  subtraction: arithmetic,
  multiplication: arithmetic,
  division: integerArithmetic,
  modulo: integerArithmetic,
  power,
  leftShift: shift(false),
  rightShift: shift(false),
  truncPr: shift(true),
  lessThan: comparison,
  lessOrEqual: comparison,
  greaterThan: comparison,
  greaterOrEqual: comparison,
  equals: equality,
  notEquals: equality,
  publicOutputEquality: sameKindOperands(NUMBERS_AND_BOOLEANS, "integers or booleans", "Boolean", true),
  booleanAnd: logic,
  booleanOr: logic,
  booleanXor: logic,
  ecdsaSign: sign("EcdsaPrivateKey", "EcdsaDigestMessage", "EcdsaSignature"),
  eddsaSign: sign("EddsaPrivateKey", "EddsaMessage", "EddsaSignature"),
  innerProduct,
  zip,
  not,
  reveal,
  publicKeyDerive,
  unzip,
  ifElse,
  random,
  new: newCompound,
  arrayAccessor,
  tupleAccessor,
  inputReference,
  literalReference,
  argumentReference,
  map,
  reduce,
  ntupleAccessor: unsupported("ntuple_accessor is not implemented"),
  objectAccessor: unsupported("object_accessor is not implemented"),
  cast: unsupported("cast is not supported"),
};
