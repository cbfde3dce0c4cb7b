// A plaintext oracle for lowered programs: the node's semantics of node-mpc.md §2.4 on field elements,
// written apart from the engine (it imports none of its protocols), so that the differential test
// compares two independent readings of the spec.
import { PrimeField, type PrimeName } from "@nillion/crypto";
import { isSecretType, type NadaProgram, type NadaType, type Operation, operandsOf } from "@nillion/nada";
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

/** The node's error for a shift, truncation or public divisor of k bits or more. */
export const SIZE_ERROR = "The size of divisor (m) is larger than the allowed size (k)";
/** The node's error for a public zero divisor. */
export const DIVISION_BY_ZERO = "division by zero";

/** A computation error the node reports (every node stores it as the result). */
export class ReferenceFailure extends Error {}

/**
 * Operands outside the range in which §2.4 promises an exact result (a masked protocol may wrap): the
 * oracle has no answer, so a generator that produces them is at fault.
 */
export class OutsideExactRange extends Error {}

// k = ⌊(bits(p) − κ − 1)/2⌋ with κ = 40 (§0 point 4), and ℓ, the operand size below which division by a
// secret divisor is exact (issue #9), by the bit length of the prime.
const INTEGER_SIZE: Readonly<Record<number, number>> = { 64: 11, 128: 43, 256: 107 };
const SECRET_DIVISION_BITS: Readonly<Record<number, number>> = { 64: 11, 128: 43, 256: 64 };

/** Z_p with the node's readings of a residue: centred for Integer, raw for UnsignedInteger. */
export class ReferenceField {
  readonly p: bigint;
  /** (p − 1)/2, the largest non-negative Integer. */
  readonly half: bigint;
  /** k: the bit size of secret shift amounts, public divisors and secret dividends. */
  readonly k: number;
  /** ℓ: |dividend| and |divisor| below 2^ℓ make secret-divisor division exact. */
  readonly l: number;

  constructor(prime: PrimeName) {
    this.p = PrimeField.of(prime).modulus;
    this.half = (this.p - 1n) / 2n;
    const bits = this.p.toString(2).length;
    this.k = INTEGER_SIZE[bits] as number;
    this.l = SECRET_DIVISION_BITS[bits] as number;
  }

  mod(value: bigint): bigint {
    const r = value % this.p;
    return r < 0n ? r + this.p : r;
  }

  /** dec(): residues above (p − 1)/2 are negative. */
  centred(element: bigint): bigint {
    return element > this.half ? element - this.p : element;
  }

  /** The integer a residue of `type` stands for: centred for Integer, the residue otherwise. */
  read(type: NadaType, element: bigint): bigint {
    return type.kind === "Integer" || type.kind === "SecretInteger" ? this.centred(element) : element;
  }

  power(base: bigint, exponent: bigint): bigint {
    let result = 1n;
    let square = this.mod(base);
    for (let e = exponent; e > 0n; e >>= 1n) {
      if (e & 1n) result = (result * square) % this.p;
      square = (square * square) % this.p;
    }
    return result;
  }
}

/** An operand: its type and its residue. */
export interface ReferenceScalar {
  readonly type: NadaType;
  readonly element: bigint;
}

/** Where an operation gets what the program does not determine. */
export interface Nondeterminism {
  /** Picks one of the values a randomised operation (trunc_pr) may return. */
  readonly choose: (options: readonly bigint[]) => bigint;
  /** The residue a `random` operation drew. */
  readonly random: (operationId: number) => bigint;
}

// Rounds toward −∞ (BigInt division truncates toward zero).
function floorDivide(dividend: bigint, divisor: bigint): bigint {
  const quotient = dividend / divisor;
  return dividend % divisor !== 0n && dividend < 0n !== divisor < 0n ? quotient - 1n : quotient;
}

const magnitude = (value: bigint): bigint => (value < 0n ? -value : value);

function requireBelow(value: bigint, bits: number, what: string): void {
  if (magnitude(value) >= 1n << BigInt(bits)) {
    throw new OutsideExactRange(`${what} ${value} is not below 2^${bits} in magnitude`);
  }
}

/** A secret shift or truncation amount: an UnsignedInteger residue (or a centred Integer), below k. */
function secretShiftAmount(field: ReferenceField, amount: ReferenceScalar): number {
  const m = field.read(amount.type, amount.element);
  if (m < 0n) throw new OutsideExactRange(`shift amount ${m} is negative`);
  if (m >= BigInt(field.k)) throw new ReferenceFailure(SIZE_ERROR);
  return Number(m);
}

function divide(
  field: ReferenceField,
  kind: "division" | "modulo",
  left: ReferenceScalar,
  right: ReferenceScalar,
): bigint {
  const a = field.read(left.type, left.element);
  // floor(A/B), or A − B·floor(A/B), which has the sign of B (Python rules).
  const floorResult = (b: bigint): bigint => {
    const q = floorDivide(a, b);
    return kind === "division" ? q : a - b * q;
  };
  if (isSecretType(right.type)) {
    // Division by a secret divisor (S/S and P/S): x / 0 = 0, so x % 0 = x.
    const b = field.read(right.type, right.element);
    requireBelow(a, field.l, "dividend");
    requireBelow(b, field.l, "divisor");
    return field.mod(b === 0n ? (kind === "division" ? 0n : a) : floorResult(b));
  }
  // A public divisor: zero fails before any protocol runs, for P/P and S/P alike.
  if (right.element === 0n) throw new ReferenceFailure(DIVISION_BY_ZERO);
  if (!isSecretType(left.type)) return field.mod(floorResult(field.read(right.type, right.element)));
  // The masking protocol reads the divisor's sign centred, whatever its type.
  const centred = field.centred(right.element);
  if (magnitude(centred).toString(2).length >= field.k) throw new ReferenceFailure(SIZE_ERROR);
  if (right.type.kind === "UnsignedInteger" && centred < 0n) {
    throw new OutsideExactRange(`UnsignedInteger divisor ${right.element} reads as negative`);
  }
  requireBelow(a, field.k - 1, "dividend");
  return field.mod(floorResult(centred));
}

/**
 * The residue `operation` produces from `operands` (its operands in `operandsOf` order), with the node's
 * semantics.
 *
 * @throws {ReferenceFailure} where the node fails the computation
 * @throws {OutsideExactRange} where the node's result is not guaranteed
 */
export function applyOperation(
  field: ReferenceField,
  operation: Operation,
  operands: readonly ReferenceScalar[],
  nondeterminism: Nondeterminism,
): bigint {
  const [left, right, third] = operands as [ReferenceScalar, ReferenceScalar, ReferenceScalar];
  switch (operation.kind) {
    case "addition":
      return field.mod(left.element + right.element);
    case "subtraction":
      return field.mod(left.element - right.element);
    case "multiplication":
      return field.mod(left.element * right.element);
    case "power":
      return field.power(left.element, right.element);
    case "leftShift":
      return field.mod(left.element * field.power(2n, right.element));
    case "rightShift": {
      const a = field.read(left.type, left.element);
      if (!isSecretType(left.type)) return field.mod(a >> right.element);
      const m = secretShiftAmount(field, right);
      requireBelow(a, field.k - 1, "shifted value");
      return field.mod(a >> BigInt(m));
    }
    case "truncPr": {
      const m = BigInt(secretShiftAmount(field, right));
      const a = field.read(left.type, left.element);
      requireBelow(a, field.k - 1, "truncated value");
      const floor = a >> m;
      // Rounds up with probability (A mod 2^m)/2^m: never when 2^m divides A.
      const exact = a === floor << m;
      return field.mod(nondeterminism.choose(exact ? [floor] : [floor, floor + 1n]));
    }
    case "division":
    case "modulo":
      return divide(field, operation.kind, left, right);
    case "lessThan": {
      if (isSecretType(left.type) || isSecretType(right.type)) {
        // LSB(2(a − b)): 1 exactly when (a − b) mod p lies in the upper half.
        return field.mod(left.element - right.element) > field.half ? 1n : 0n;
      }
      return field.read(left.type, left.element) < field.read(right.type, right.element) ? 1n : 0n;
    }
    case "equals":
    case "publicOutputEquality":
      return left.element === right.element ? 1n : 0n;
    case "not":
      return field.mod(1n - left.element);
    case "ifElse":
      return left.element !== 0n ? right.element : third.element;
    case "reveal":
      return left.element;
    case "random": {
      const element = nondeterminism.random(operation.id);
      if (element < 0n || element >= field.p) throw new Error(`random value ${element} is not a residue`);
      if (operation.type.kind === "SecretBoolean" && element > 1n) {
        throw new Error(`random boolean ${element} is neither 0 nor 1`);
      }
      return element;
    }
    default:
      throw new Error(`the reference evaluator does not run ${operation.kind} operations`);
  }
}

/** What the node may answer: every output party's values, or the failure every node stores. */
export type ReferenceOutcome =
  | { readonly outputs: Readonly<Record<string, NadaValues>> }
  | { readonly error: string };

/** Options of {@link referenceOutcomes}. */
export interface ReferenceOptions {
  readonly prime: PrimeName;
  /** The input values, as a client would store them. */
  readonly inputs: NadaValues;
  /** The residue each `random` operation drew, by operation id. */
  readonly randoms?: ReadonlyMap<number, bigint>;
}

function inputElement(field: ReferenceField, value: NadaValue | undefined, name: string): bigint {
  switch (value?.type) {
    case "Integer":
    case "SecretInteger":
    case "UnsignedInteger":
    case "SecretUnsignedInteger":
      return field.mod(value.value);
    case "Boolean":
    case "SecretBoolean":
      return value.value ? 1n : 0n;
    default:
      throw new Error(`input ${name} is missing or not a number or boolean`);
  }
}

function literalElement(field: ReferenceField, program: NadaProgram, name: string): bigint {
  const literal = program.literals.find((candidate) => candidate.name === name);
  if (literal === undefined) throw new Error(`literal ${name} is missing`);
  if (literal.type.kind === "Boolean") return literal.value.toLowerCase() === "true" ? 1n : 0n;
  return field.mod(BigInt(literal.value));
}

function outputValue(field: ReferenceField, type: NadaType, element: bigint): NadaValue {
  const bit = (): boolean => {
    if (element > 1n) throw new ReferenceFailure(`boolean output ${element} is neither 0 nor 1`);
    return element === 1n;
  };
  switch (type.kind) {
    case "Integer":
      return new Integer(field.centred(element));
    case "SecretInteger":
      return new SecretInteger(field.centred(element));
    case "UnsignedInteger":
      return new UnsignedInteger(element);
    case "SecretUnsignedInteger":
      return new SecretUnsignedInteger(element);
    case "Boolean":
      return new NadaBoolean(bit());
    case "SecretBoolean":
      return new SecretBoolean(bit());
    default:
      throw new Error(`the reference evaluator does not produce ${type.kind} outputs`);
  }
}

/** One run of the program, with the trunc_pr roundings `choose` picks. */
function evaluateOnce(
  program: NadaProgram,
  options: ReferenceOptions,
  field: ReferenceField,
  choose: (options: readonly bigint[]) => bigint,
): ReferenceOutcome {
  const byId = new Map(program.operations.map((operation) => [operation.id, operation]));
  const results = new Map<number, bigint>();
  const nondeterminism: Nondeterminism = {
    choose,
    random: (id) => {
      const element = options.randoms?.get(id);
      if (element === undefined) throw new Error(`no value for random operation ${id}`);
      return element;
    },
  };
  const evaluate = (id: number): bigint => {
    const known = results.get(id);
    if (known !== undefined) return known;
    const operation = byId.get(id);
    if (operation === undefined) throw new Error(`operation ${id} does not exist`);
    let element: bigint;
    if (operation.kind === "inputReference") {
      element = inputElement(field, options.inputs[operation.input], operation.input);
    } else if (operation.kind === "literalReference") {
      element = literalElement(field, program, operation.literal);
    } else {
      const operands = operandsOf(operation).map((operand) => ({
        type: (byId.get(operand) as Operation).type,
        element: evaluate(operand),
      }));
      element = applyOperation(field, operation, operands, nondeterminism);
    }
    results.set(id, element);
    return element;
  };
  try {
    // Only what some output reads runs, as in the node's plan: an unused operation cannot fail.
    const outputs: Record<string, Record<string, NadaValue>> = {};
    for (const output of program.outputs) {
      outputs[output.party] ??= {};
      (outputs[output.party] as Record<string, NadaValue>)[output.name] = outputValue(
        field,
        output.type,
        evaluate(output.operationId),
      );
    }
    return { outputs };
  } catch (error) {
    if (error instanceof ReferenceFailure) return { error: error.message };
    throw error;
  }
}

function outcomeKey(outcome: ReferenceOutcome): string {
  if ("error" in outcome) return `error: ${outcome.error}`;
  return Object.entries(outcome.outputs)
    .flatMap(([party, values]) => Object.entries(values).map(([name, value]) => `${party}.${name}=${value}`))
    .join(" ");
}

/**
 * Every distinct outcome the node may produce for `program` on `options.inputs`: one run per combination of
 * trunc_pr roundings (a truncation of a multiple of 2^m has one), so a result is right if it is one of
 * them. Operations outside the exact ranges of §2.4 throw instead, since the node promises nothing there.
 *
 * @throws {OutsideExactRange} when an operand leaves the range where the node's result is exact
 */
export function referenceOutcomes(program: NadaProgram, options: ReferenceOptions): ReferenceOutcome[] {
  const field = new ReferenceField(options.prime);
  const outcomes = new Map<string, ReferenceOutcome>();
  // Depth-first over the roundings: each pending path fixes the choices of the first trunc_pr steps.
  const pending: number[][] = [[]];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    const taken = [...path];
    let depth = 0;
    const outcome = evaluateOnce(program, options, field, (choices) => {
      if (depth < taken.length) return choices[taken[depth++] as number] as bigint;
      for (let i = 1; i < choices.length; i += 1) pending.push([...taken, i]);
      taken.push(0);
      depth += 1;
      return choices[0] as bigint;
    });
    outcomes.set(outcomeKey(outcome), outcome);
  }
  return [...outcomes.values()];
}
