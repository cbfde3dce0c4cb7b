// Random small well-typed lowered programs over the comparison, shift, truncation, division and
// equality operations (issue #9's tier B) plus arithmetic, if_else, NOT, reveal and random(), with
// inputs chosen inside each operation's exact range (node-mpc.md §2.4), boundaries included. The
// generator follows the possible values of every operation with the reference evaluator, so an operand
// is only reused where all its possible values fit.
import type { PrimeName } from "@nillion/crypto";
import type { BinaryOperationKind, NadaProgram, NadaType } from "@nillion/nada";
import {
  Integer,
  Boolean as NadaBoolean,
  type NadaValue,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  UnsignedInteger,
} from "@nillion/types";
import { ProgramBuilder } from "./program-builder.js";
import {
  applyOperation,
  DIVISION_BY_ZERO,
  ReferenceField,
  type ReferenceScalar,
  SIZE_ERROR,
} from "./reference-evaluator.js";
import type { SeededRandom } from "./seeded-random.js";

type Base = "Integer" | "UnsignedInteger" | "Boolean";
type Secrecy = "secret" | "public";

/** A program with its inputs, and what the test needs to know about it. */
export interface GeneratedProgram {
  readonly program: NadaProgram;
  readonly inputs: Record<string, NadaValue>;
  /** The `random` operations; each is an output named `o<id>`, so the engine's draws can be read back. */
  readonly randomIds: readonly number[];
  /** The failure the program was built to hit, if any. */
  readonly expectedError: string | undefined;
  /** The program as text, for failure messages. */
  readonly listing: string;
}

/** Options of {@link generateProgram}. */
export interface GenerateOptions {
  /** Operations as the DSL counts them (a lowered `a ^ b` is one). */
  readonly operations: number;
  /** Append one operation that fails the computation. */
  readonly failing: boolean;
}

/** A value the program holds: the operation that makes it and every residue it may take. */
interface Slot {
  readonly id: number;
  readonly base: Base;
  readonly secret: boolean;
  /** `undefined` when it depends on a random() draw. */
  readonly values: readonly bigint[] | undefined;
}

interface Need {
  readonly base: Base;
  readonly secrecy: Secrecy;
  /** Every possible value, as the base reads it, must pass; without it any slot fits, random ones too. */
  readonly accepts?: (value: bigint) => boolean;
  /** A fresh value (as the base reads it) that passes. */
  readonly draw: () => bigint;
}

const MAX_INPUTS = 3;
const MAX_TRACKED_VALUES = 256;
const TYPE_NAMES: Readonly<Record<Base, readonly [string, string]>> = {
  Integer: ["Integer", "SecretInteger"],
  UnsignedInteger: ["UnsignedInteger", "SecretUnsignedInteger"],
  Boolean: ["Boolean", "SecretBoolean"],
};

const typeOf = (base: Base, secret: boolean): NadaType =>
  ({ kind: TYPE_NAMES[base][secret ? 1 : 0] }) as NadaType;
const magnitude = (value: bigint): bigint => (value < 0n ? -value : value);

function inputValue(base: Base, secret: boolean, value: bigint): NadaValue {
  if (base === "Boolean") return secret ? new SecretBoolean(value === 1n) : new NadaBoolean(value === 1n);
  if (base === "UnsignedInteger")
    return secret ? new SecretUnsignedInteger(value) : new UnsignedInteger(value);
  return secret ? new SecretInteger(value) : new Integer(value);
}

class Generator {
  readonly #random: SeededRandom;
  readonly #field: ReferenceField;
  readonly #builder = new ProgramBuilder();
  readonly #slots: Slot[] = [];
  readonly #inputs: Record<string, NadaValue> = {};
  readonly #randomIds: number[] = [];
  readonly #lines: string[] = [];
  /** Operations the test reads back: every one but loads and literals. */
  readonly #computed: number[] = [];
  /** Set while adding the failing operation, whose values are not followed. */
  #failing = false;

  constructor(random: SeededRandom, prime: PrimeName) {
    this.#random = random;
    this.#field = new ReferenceField(prime);
  }

  generate(options: GenerateOptions): GeneratedProgram {
    const templates = this.#templates();
    for (let added = 0, attempts = 0; added < options.operations && attempts < 50; attempts += 1) {
      if (this.#random.weighted(templates)()) added += 1;
    }
    let expectedError: string | undefined;
    for (let attempts = 0; options.failing && expectedError === undefined; attempts += 1) {
      if (attempts === 100) throw new Error("no failing operation fits this program");
      expectedError = this.#failingOperation();
    }
    for (const id of this.#computed) this.#builder.output(`o${id}`, id);
    return {
      program: this.#builder.build(),
      inputs: this.#inputs,
      randomIds: this.#randomIds,
      expectedError,
      listing: this.#lines.join("\n"),
    };
  }

  // ---- values ---------------------------------------------------------------------------------------

  /** 2^bits as a bigint. */
  #power(bits: number): bigint {
    return 1n << BigInt(bits);
  }

  /**
   * A value that `base` can hold, with magnitude below `bound` when given; zero, ±1, small values,
   * values at the bound, near powers of two and uniform ones, and without a bound also values anywhere
   * in Z_p: around (p − 1)/2 and p, and the other operations' bounds.
   */
  #drawInteger(base: Base, bound?: bigint, nonZero = false): bigint {
    const f = this.#field;
    const r = this.#random;
    const limit = bound ?? (base === "Integer" ? f.half + 1n : f.p);
    for (;;) {
      const shape = r.weighted<string>([
        ["zero", 1],
        ["one", 1],
        ["small", 4],
        ["edge", 3],
        ["powerOfTwo", 2],
        ["uniform", 3],
        ["otherBounds", bound === undefined ? 2 : 0],
        ["middle", bound === undefined ? 2 : 0],
      ]);
      let value: bigint;
      switch (shape) {
        case "zero":
          value = 0n;
          break;
        case "one":
          value = 1n;
          break;
        case "small":
          value = BigInt(r.int(2, 64));
          break;
        case "edge":
          value = limit - 1n - BigInt(r.int(0, 3));
          break;
        case "powerOfTwo": {
          const bits = limit.toString(2).length - 1;
          value = this.#power(r.int(1, Math.max(1, bits - 1))) + BigInt(r.int(-1, 1));
          break;
        }
        case "uniform":
          value = r.below(limit);
          break;
        case "otherBounds":
          value = this.#power(r.pick([f.k - 1, f.l, f.k])) - BigInt(r.int(-1, 1));
          break;
        default:
          // Around (p − 1)/2, where the UnsignedInteger order and the node's comparison rule part.
          value = f.half + BigInt(r.int(-3, 3));
      }
      if (base === "Integer" && r.chance(0.5)) value = -value;
      if (magnitude(value) < limit && !(nonZero && value === 0n)) return value;
    }
  }

  /** A value close to `value`, so comparisons and equalities meet equal and neighbouring operands. */
  #near(base: Base, value: bigint): bigint {
    const f = this.#field;
    const moved = f.mod(value + BigInt(this.#random.pick([0, 0, 1, -1, 2, -2, this.#random.int(-100, 100)])));
    return base === "Integer" ? f.centred(moved) : moved;
  }

  #read(slot: Slot, element: bigint): bigint {
    return slot.base === "Integer" ? this.#field.centred(element) : element;
  }

  // ---- operands -------------------------------------------------------------------------------------

  #fits(slot: Slot, need: Need): boolean {
    if (slot.base !== need.base || slot.secret !== (need.secrecy === "secret")) return false;
    if (need.accepts === undefined) return true;
    return slot.values?.every((element) => need.accepts?.(this.#read(slot, element))) ?? false;
  }

  /** An existing slot that fits, or a fresh input or literal; `undefined` when no secret input is left. */
  #operand(need: Need): Slot | undefined {
    const fitting = this.#slots.filter((slot) => this.#fits(slot, need));
    const inputs = Object.keys(this.#inputs).length;
    if (
      fitting.length > 0 &&
      (this.#random.chance(0.65) || (need.secrecy === "secret" && inputs >= MAX_INPUTS))
    ) {
      return this.#random.pick(fitting);
    }
    const value = need.draw();
    if (need.secrecy === "secret" || (inputs < MAX_INPUTS && this.#random.chance(0.3))) {
      return inputs < MAX_INPUTS ? this.#input(need.base, need.secrecy === "secret", value) : undefined;
    }
    return this.#literal(need.base, value);
  }

  #input(base: Base, secret: boolean, value: bigint): Slot {
    const name = `in${Object.keys(this.#inputs).length}`;
    this.#inputs[name] = inputValue(base, secret, value);
    const id = this.#builder.input(name, typeOf(base, secret));
    this.#lines.push(`#${id} = input ${name}: ${typeOf(base, secret).kind} = ${value}`);
    return this.#track({ id, base, secret, values: [this.#field.mod(value)] });
  }

  #literal(base: Base, value: bigint): Slot {
    const text =
      base === "Boolean"
        ? this.#random.pick(value === 1n ? ["true", "True"] : ["false", "False"])
        : `${value}`;
    const id = this.#builder.literal(text, typeOf(base, false));
    this.#lines.push(`#${id} = literal ${text}: ${base}`);
    return this.#track({ id, base, secret: false, values: [this.#field.mod(value)] });
  }

  #track(slot: Slot): Slot {
    this.#slots.push(slot);
    return slot;
  }

  /** Secrecy of each operand of a binary operation, public/public less often. */
  #mix(): [Secrecy, Secrecy] {
    return this.#random.weighted<[Secrecy, Secrecy]>([
      [["secret", "secret"], 3],
      [["secret", "public"], 3],
      [["public", "secret"], 3],
      [["public", "public"], 1],
    ]);
  }

  #integerBase(): Base {
    return this.#random.chance(0.6) ? "Integer" : "UnsignedInteger";
  }

  // ---- operations -----------------------------------------------------------------------------------

  /**
   * Adds an operation on `operands` and follows its possible values; `output: false` for the inner steps
   * of a lowered operation (the sum in a lowered `a | b` is no boolean).
   */
  #apply(
    kind: BinaryOperationKind | "not" | "reveal" | "ifElse",
    operands: readonly Slot[],
    output = true,
  ): Slot {
    const b = this.#builder;
    const [x, y, z] = operands.map((slot) => slot.id) as [number, number, number];
    const id =
      kind === "not"
        ? b.not(x)
        : kind === "reveal"
          ? b.reveal(x)
          : kind === "ifElse"
            ? b.ifElse(x, y, z)
            : b.binary(kind, x, y);
    const type = b.typeOf(id);
    const base = type.kind.replace("Secret", "") as Base;
    const secret = type.kind.startsWith("Secret");
    this.#lines.push(`#${id} = ${kind}(${operands.map((slot) => `#${slot.id}`).join(", ")}): ${type.kind}`);
    if (output) this.#computed.push(id);
    const slot = {
      id,
      base,
      secret,
      values: this.#failing ? undefined : this.#possibleValues(id, operands, base),
    };
    // Inner steps are no operands for later operations either.
    return output ? this.#track(slot) : slot;
  }

  /** The results over every combination of operand values and trunc_pr rounding. */
  #possibleValues(id: number, operands: readonly Slot[], base: Base): readonly bigint[] | undefined {
    const unknown = base === "Boolean" ? [0n, 1n] : undefined;
    let combinations: ReferenceScalar[][] = [[]];
    for (const slot of operands) {
      if (slot.values === undefined) return unknown;
      const type = typeOf(slot.base, slot.secret);
      combinations = combinations.flatMap((prefix) =>
        (slot.values as bigint[]).map((element) => [...prefix, { type, element }]),
      );
      if (combinations.length > MAX_TRACKED_VALUES) return unknown;
    }
    const operation = this.#builder.build().operations[id];
    if (operation === undefined) throw new Error(`operation ${id} was not added`);
    const results = new Set<bigint>();
    for (const combination of combinations) {
      let options: readonly bigint[] = [];
      const once = (pick: number) =>
        applyOperation(this.#field, operation, combination, {
          choose: (choices) => {
            options = choices;
            return choices[pick] as bigint;
          },
          random: () => {
            throw new Error("random operations have no known value");
          },
        });
      results.add(once(0));
      for (let pick = 1; pick < options.length; pick += 1) results.add(once(pick));
    }
    return results.size > MAX_TRACKED_VALUES ? unknown : [...results];
  }

  /** Binary `kind` over operands meeting `left` and `right`; `undefined` when none can be found. */
  #binary(kind: BinaryOperationKind, left: Need, right: Need | ((left: Slot) => Need)): Slot | undefined {
    const a = this.#operand(left);
    if (a === undefined) return undefined;
    const b = this.#operand(typeof right === "function" ? right(a) : right);
    return b === undefined ? undefined : this.#apply(kind, [a, b]);
  }

  /** A need for the second operand of a comparison: often a value near the first one. */
  #nearNeed(base: Base, secrecy: Secrecy): (first: Slot) => Need {
    return (first) => ({
      base,
      secrecy,
      draw: () => {
        const known = first.values;
        return known !== undefined && this.#random.chance(0.5)
          ? this.#near(base, this.#read(first, this.#random.pick(known)))
          : this.#drawInteger(base);
      },
    });
  }

  #any(base: Base, secrecy: Secrecy): Need {
    return {
      base,
      secrecy,
      draw: () => (base === "Boolean" ? BigInt(this.#random.int(0, 1)) : this.#drawInteger(base)),
    };
  }

  /** Operands of magnitude below 2^bits (and non-zero if asked). */
  #bounded(base: Base, secrecy: Secrecy, bits: number, nonZero = false): Need {
    const bound = this.#power(bits);
    return {
      base,
      secrecy,
      accepts: (value) => magnitude(value) < bound && (!nonZero || value !== 0n),
      draw: () => this.#drawInteger(base, bound, nonZero),
    };
  }

  /** A public UnsignedInteger shift amount in [min, max]. */
  #amount(min: number, max: number): Need {
    return {
      base: "UnsignedInteger",
      secrecy: "public",
      accepts: (value) => value >= BigInt(min) && value <= BigInt(max),
      draw: () =>
        BigInt(
          this.#random.weighted([
            [min, 1],
            [max, 1],
            [this.#random.int(min, max), 3],
          ]),
        ),
    };
  }

  /** Each template adds one DSL-level operation, or returns false if its operands are not available. */
  #templates(): (readonly [() => boolean, number])[] {
    const r = this.#random;
    const f = this.#field;
    const ok = (slot: Slot | undefined) => slot !== undefined;
    const ints = () => this.#integerBase();
    return [
      // + − × on integers, every mix; results wrap modulo p.
      [
        () => {
          const base = ints();
          const [left, right] = this.#mix();
          const kind = r.pick(["addition", "subtraction", "multiplication"] as const);
          return ok(this.#binary(kind, this.#any(base, left), this.#any(base, right)));
        },
        3,
      ],
      // a << m: a·2^m mod p for any m.
      [
        () =>
          ok(
            this.#binary(
              "leftShift",
              this.#any(ints(), r.chance(0.7) ? "secret" : "public"),
              this.#amount(0, 2 * f.k),
            ),
          ),
        1,
      ],
      // Secret a >> m: floor, m < k, |a| < 2^(k−1).
      [
        () =>
          ok(this.#binary("rightShift", this.#bounded(ints(), "secret", f.k - 1), this.#amount(0, f.k - 1))),
        3,
      ],
      // Public a >> m: floor, any m.
      [() => ok(this.#binary("rightShift", this.#any(ints(), "public"), this.#amount(0, 3 * f.k))), 1],
      // trunc_pr: floor(a/2^m) + u.
      [
        () => ok(this.#binary("truncPr", this.#bounded(ints(), "secret", f.k - 1), this.#amount(0, f.k - 1))),
        3,
      ],
      // Secret dividend, public divisor of fewer than k bits.
      [
        () => {
          const base = ints();
          const kind = r.pick(["division", "modulo"] as const);
          return ok(
            this.#binary(
              kind,
              this.#bounded(base, "secret", f.k - 1),
              this.#bounded(base, "public", f.k - 1, true),
            ),
          );
        },
        4,
      ],
      // Public / public: floor and Python-sign modulo on any values.
      [
        () => {
          const base = ints();
          const kind = r.pick(["division", "modulo"] as const);
          const divisor = {
            ...this.#any(base, "public"),
            accepts: (value: bigint) => value !== 0n,
            draw: () => this.#drawInteger(base, undefined, true),
          };
          return ok(this.#binary(kind, this.#any(base, "public"), divisor));
        },
        1,
      ],
      // Secret divisor (S/S and P/S): exact below 2^ℓ; x / 0 = 0 and x % 0 = x.
      [
        () => {
          const base = ints();
          const kind = r.pick(["division", "modulo"] as const);
          const dividend = r.chance(0.7) ? "secret" : "public";
          const divisor = this.#bounded(base, "secret", f.l);
          const zeroFirst = { ...divisor, draw: () => (r.chance(0.15) ? 0n : divisor.draw()) };
          return ok(this.#binary(kind, this.#bounded(base, dividend, f.l), zeroFirst));
        },
        2,
      ],
      // a < b, and the lowered >, <= and >= (NOT and swapped operands), on any values.
      [
        () => {
          const base = ints();
          const [left, right] = this.#mix();
          const a = this.#operand(this.#any(base, left));
          const b = a === undefined ? undefined : this.#operand(this.#nearNeed(base, right)(a));
          if (a === undefined || b === undefined) return false;
          const form = r.pick(["<", ">", "<=", ">="] as const);
          const swapped = form === ">" || form === "<=";
          const less = this.#apply("lessThan", swapped ? [b, a] : [a, b]);
          if (form === "<=" || form === ">=") this.#apply("not", [less]);
          return true;
        },
        5,
      ],
      // a == b and a != b on integers and booleans, exact for every difference.
      [
        () => {
          const base = r.weighted<Base>([
            ["Integer", 3],
            ["UnsignedInteger", 2],
            ["Boolean", 1],
          ]);
          const [left, right] = this.#mix();
          const a = this.#operand(this.#any(base, left));
          if (a === undefined) return false;
          const second = base === "Boolean" ? this.#any(base, right) : this.#nearNeed(base, right)(a);
          const b = r.chance(0.15) && a.secret === (right === "secret") ? a : this.#operand(second);
          if (b === undefined) return false;
          const equal = this.#apply("equals", [a, b]);
          if (r.chance(0.3)) this.#apply("not", [equal]);
          return true;
        },
        4,
      ],
      // public_equals: a public boolean.
      [
        () => {
          const base = ints();
          const [left, right] = this.#mix();
          const a = this.#operand(this.#any(base, left));
          const b = a === undefined ? undefined : this.#operand(this.#nearNeed(base, right)(a));
          return a !== undefined && b !== undefined && ok(this.#apply("publicOutputEquality", [a, b]));
        },
        2,
      ],
      // ~c
      [() => ok(this.#unary("not", this.#any("Boolean", r.chance(0.7) ? "secret" : "public"))), 1],
      // c.if_else(x, y), every mix of condition and branches.
      [
        () => {
          const base = ints();
          const condition = this.#operand(this.#any("Boolean", r.chance(0.6) ? "secret" : "public"));
          const whenTrue = this.#operand(this.#any(base, r.chance(0.6) ? "secret" : "public"));
          const whenFalse = this.#operand(this.#any(base, r.chance(0.5) ? "secret" : "public"));
          if (condition === undefined || whenTrue === undefined || whenFalse === undefined) return false;
          this.#apply("ifElse", [condition, whenTrue, whenFalse]);
          return true;
        },
        3,
      ],
      // x.to_public()
      [
        () =>
          ok(
            this.#unary(
              "reveal",
              this.#any(
                r.weighted<Base>([
                  ["Integer", 2],
                  ["UnsignedInteger", 2],
                  ["Boolean", 1],
                ]),
                "secret",
              ),
            ),
          ),
        2,
      ],
      // SecretInteger / SecretUnsignedInteger / SecretBoolean .random()
      [() => ok(this.#randomValue(r.pick(["Integer", "UnsignedInteger", "Boolean"] as const))), 2],
      // a & b, a | b, a ^ b as lowering writes them.
      [() => this.#logic(r.pick(["and", "or", "xor"] as const)), 2],
    ];
  }

  #unary(kind: "not" | "reveal", need: Need): Slot | undefined {
    const operand = this.#operand(need);
    return operand === undefined ? undefined : this.#apply(kind, [operand]);
  }

  #randomValue(base: Base): Slot {
    const id = this.#builder.op({ kind: "random", type: typeOf(base, true) });
    this.#lines.push(`#${id} = random(): ${typeOf(base, true).kind}`);
    this.#randomIds.push(id);
    this.#computed.push(id);
    return this.#track({ id, base, secret: true, values: base === "Boolean" ? [0n, 1n] : undefined });
  }

  #logic(kind: "and" | "or" | "xor"): boolean {
    const [left, right] = this.#mix();
    const a = this.#operand(this.#any("Boolean", left));
    const b = a === undefined ? undefined : this.#operand(this.#any("Boolean", right));
    if (a === undefined || b === undefined) return false;
    if (kind === "and") {
      this.#apply("multiplication", [a, b]);
      return true;
    }
    const sum = this.#apply("addition", [a, b], false);
    const product = this.#apply("multiplication", [a, b], false);
    const doubled = kind === "or" ? product : this.#apply("addition", [product, product], false);
    this.#apply("subtraction", [sum, doubled]);
    return true;
  }

  /** One operation that fails the computation, and the failure; `undefined` if its operands are missing. */
  #failingOperation(): string | undefined {
    const r = this.#random;
    const f = this.#field;
    const base = this.#integerBase();
    const zero: Need = { base, secrecy: "public", accepts: (value) => value === 0n, draw: () => 0n };
    const tooLong: Need = {
      base,
      secrecy: "public",
      accepts: (value) => magnitude(value) >= this.#power(f.k - 1) && magnitude(value) < f.half / 2n,
      draw: () => {
        const value = r.chance(0.5)
          ? this.#power(f.k - 1) + BigInt(r.int(0, 3))
          : this.#power(f.k - 1) + r.below(this.#power(f.k + 20));
        return base === "Integer" && r.chance(0.5) ? -value : value;
      },
    };
    const division = r.pick(["division", "modulo"] as const);
    this.#failing = true;
    switch (r.pick(["zero", "divisorSize", "shift", "truncation"] as const)) {
      case "zero":
        return (
          this.#binary(division, this.#any(base, r.chance(0.5) ? "secret" : "public"), zero) &&
          DIVISION_BY_ZERO
        );
      case "divisorSize":
        return this.#binary(division, this.#bounded(base, "secret", f.k - 1), tooLong) && SIZE_ERROR;
      case "shift":
        return (
          this.#binary("rightShift", this.#bounded(base, "secret", f.k - 1), this.#amount(f.k, f.k + 8)) &&
          SIZE_ERROR
        );
      default:
        return (
          this.#binary("truncPr", this.#bounded(base, "secret", f.k - 1), this.#amount(f.k, f.k + 8)) &&
          SIZE_ERROR
        );
    }
  }
}

/**
 * A random program over `prime` from `random`'s stream: the same stream always builds the same program
 * and inputs. Every computed value is an output named `o<id>` of party `P`.
 */
export function generateProgram(
  random: SeededRandom,
  prime: PrimeName,
  options: GenerateOptions,
): GeneratedProgram {
  return new Generator(random, prime).generate(options);
}
