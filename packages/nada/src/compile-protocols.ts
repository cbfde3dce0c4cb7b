// The node's second compilation step (jit-compiler bytecode2protocol with the mpc-vm protocol factory):
// picks a protocol for every bytecode instruction, adds the NewArray/NewTuple adapters where a compound
// value is consumed whole, and hands out memory addresses. Its protocol list and address count are what
// the node audits and prices.

import { CompilationFailure } from "./compilation-failure.js";
import type { Bytecode, BytecodeEntry } from "./compile-bytecode.js";
import type { NadaProgram } from "./nada-program.js";
import { formatNadaType } from "./nada-type.js";
import {
  addressCount,
  asPublic,
  asShare,
  isPrivate,
  isVmPublic,
  primitiveOf,
  resultSlots,
  toInternal,
  type VmType,
  vmTypeKey,
  withShape,
} from "./vm-type.js";

/** The node's runtime requirement types: what one protocol consumes from preprocessing. */
export type RuntimeRequirement =
  | "Compare"
  | "DivisionIntegerSecret"
  | "EqualsIntegerSecret"
  | "Modulo"
  | "PublicOutputEquality"
  | "TruncPr"
  | "Trunc"
  | "RandomInteger"
  | "RandomBoolean"
  | "EcdsaAuxInfo";

/** One protocol of the compiled program, named as in the node's instruction counts. */
export interface Protocol {
  readonly name: string;
  readonly type: VmType;
  readonly address: number;
  /** The preprocessing element (or auxiliary material) one run consumes, if any. */
  readonly requirement: RuntimeRequirement | undefined;
}

/** A program as the node compiles it: its protocols in address order and the memory they take. */
export interface CompiledProgram {
  readonly protocols: readonly Protocol[];
  readonly memorySize: number;
}

type Draft = Omit<Protocol, "address">;

const SHARE_LINK_EXCEPTIONS: ReadonlySet<string> = new Set([
  "EcdsaDigestMessage",
  "EddsaMessage",
  "EddsaSignature",
]);
const BOOLEAN: VmType = { kind: "Boolean" };
const SHARE_BOOLEAN: VmType = { kind: "ShamirShareBoolean" };
const UNSIGNED: VmType = { kind: "UnsignedInteger" };

/** Compiles the bytecode of `program` to protocols, failing where the node's compiler fails. */
export function compileProtocols(program: NadaProgram, bytecode: Bytecode): CompiledProgram {
  const { heap } = bytecode;
  const protocols: Protocol[] = [];
  // Which result types each heap address is available as (a public value is also usable as a share).
  const links = new Map<number, Set<string>>();
  const pointers = new Map<number, number>();
  let nextAddress = 0;

  const resolve = (address: number): number => {
    let target = address;
    for (let next = pointers.get(target); next !== undefined; next = pointers.get(target)) target = next;
    return target;
  };

  const link = (address: number, type: VmType): void => {
    const types = links.get(address) ?? new Set<string>();
    links.set(address, types);
    const key = vmTypeKey(type);
    if (types.has(key)) throw new CompilationFailure("operation had transformed previously");
    if (isVmPublic(type) && !SHARE_LINK_EXCEPTIONS.has(type.kind)) types.add(vmTypeKey(asShare(type)));
    types.add(key);
  };

  const add = (address: number, draft: Draft): void => {
    const target = resolve(address);
    const placed = { ...draft, address: nextAddress };
    nextAddress += resultSlots(draft.type);
    link(target, draft.type);
    protocols.push(placed);
  };

  // The value at `address` as `type`; arrays and tuples consumed whole get a NewArray/NewTuple protocol.
  const adapt = (address: number, type: VmType): void => {
    const target = resolve(address);
    if (links.get(target)?.has(vmTypeKey(type))) return;
    if (type.kind === "Array") add(target, newArray(target, type.element, type.size));
    else if (type.kind === "Tuple") add(target, newTuple(target, type.left, type.right));
    else throw new CompilationFailure("protocol result cannot be adapted for any adapter");
  };

  const newArray = (address: number, element: VmType, size: number): Draft => {
    const inner = isVmPublic(element) ? element : asShare(element);
    const first = heap[address + 1];
    if (first === undefined)
      throw new CompilationFailure("logic error: operation not found: finding array elements");
    // Arrays built by `new` hold one `get` per element; a loaded nested array holds its elements in full.
    const step = first.kind === "new" ? addressCount(inner) : 1;
    for (let i = 0; i < size; i += 1) adapt(address + 1 + i * step, inner);
    return { name: "NewArray", type: { kind: "Array", element: inner, size }, requirement: undefined };
  };

  const newTuple = (address: number, left: VmType, right: VmType): Draft => {
    const leftType = isVmPublic(left) ? left : asShare(left);
    adapt(address + 1, leftType);
    const rightType = isVmPublic(right) ? right : asShare(right);
    adapt(address + 2, rightType);
    return {
      name: "NewTuple",
      type: { kind: "Tuple", left: leftType, right: rightType },
      requirement: undefined,
    };
  };

  for (const input of program.inputs) nextAddress += resultSlots(input.type);
  for (const [address, entry] of heap.entries()) {
    // Loads and literals are memory the protocols read; a `get` points at an element; a `new` is only a
    // header. Only instructions become protocols.
    if (entry.kind === "load") link(address, toInternal(entry.type));
    else if (entry.kind === "literal") link(address, entry.literal.type);
    else if (entry.kind === "get") pointers.set(address, resolve(entry.source));
    else if (entry.kind === "operation") {
      try {
        add(address, protocolOf(entry, heap, adapt));
      } catch (error) {
        throw error instanceof CompilationFailure ? error.at({ operation: entry.operation }) : error;
      }
    }
  }
  for (const { output, address } of bytecode.outputs) {
    try {
      // Secret outputs leave as shares, except signatures, which stay whole.
      adapt(
        address,
        withShape(output.type, "share", (scalar) => isPrivate(scalar) && scalar.kind !== "EcdsaSignature"),
      );
    } catch (error) {
      throw error instanceof CompilationFailure ? error.at({ output }) : error;
    }
  }
  return { protocols, memorySize: nextAddress };
}

type Adapt = (address: number, type: VmType) => void;
type OperationEntry = Extract<BytecodeEntry, { kind: "operation" }>;

/** The protocol the node's factory picks for one instruction, after adapting its operands. */
function protocolOf(entry: OperationEntry, heap: readonly BytecodeEntry[], adapt: Adapt): Draft {
  const operandTypes = entry.operands.map((address) => (heap[address] as BytecodeEntry).type);
  const types: VmType[] = operandTypes;
  // Unary instructions have no right operand and `random` has none; their cases never read the defaults.
  const [left = BOOLEAN, right = BOOLEAN] = types;
  const bothPublic = isVmPublic(left) && isVmPublic(right);
  const type = entry.type as VmType;
  const kind = entry.operation.kind;
  const draft = (name: string, resultType: VmType, requirement?: RuntimeRequirement): Draft => ({
    name,
    type: resultType,
    requirement,
  });
  // Adapts both operands to `operandType` and returns a protocol with that result type.
  const binary = (name: string, operandType: VmType, requirement?: RuntimeRequirement): Draft => {
    for (const operand of entry.operands) adapt(operand, operandType);
    return draft(name, operandType, requirement);
  };
  const unsupported = (): never => {
    throw new CompilationFailure(
      `operation ${kind} is not supported for ${operandTypes.map(formatNadaType).join(" and ")}`,
    );
  };

  switch (kind) {
    case "addition":
    case "subtraction": {
      if (!sameArithmetic(left, right)) return unsupported();
      const name = kind === "addition" ? "Addition" : "Subtraction";
      return bothPublic ? binary(name, asPublic(type)) : binary(name, asShare(type));
    }
    case "multiplication":
      if (!sameArithmetic(left, right)) return unsupported();
      if (bothPublic) return binary("MultiplicationPublic", asPublic(type));
      return binary(
        isVmPublic(left) || isVmPublic(right) ? "MultiplicationSharePublic" : "MultiplicationShares",
        asShare(type),
      );
    case "division":
    case "modulo": {
      const prefix = kind === "division" ? "Division" : "Modulo";
      const pair = `${left.kind} ${right.kind}`;
      if (pair === "Integer Integer" || pair === "UnsignedInteger UnsignedInteger") {
        return binary(`${prefix}IntegerPublic`, asPublic(type));
      }
      if (pair === "SecretInteger Integer" || pair === "SecretUnsignedInteger UnsignedInteger") {
        return binary(`${prefix}IntegerSecretDividendPublicDivisor`, asShare(type), "Modulo");
      }
      if (/^(Secret)?Integer SecretInteger$|^(Secret)?UnsignedInteger SecretUnsignedInteger$/.test(pair)) {
        return binary(`${prefix}IntegerSecretDivisor`, asShare(type), "DivisionIntegerSecret");
      }
      return unsupported();
    }
    case "power":
      if (!isVmPublic(right) || !isVmPublic(left)) return unsupported();
      return binary("PowerPublicBasePublicExponent", asPublic(type));
    case "leftShift":
    case "rightShift":
    case "truncPr": {
      if (!isVmPublic(right)) return unsupported();
      const [value, amount] = entry.operands as [number, number];
      if (isVmPublic(left)) {
        if (kind === "truncPr") return unsupported();
        adapt(value, asPublic(type));
        adapt(amount, UNSIGNED);
        return draft(kind === "leftShift" ? "LeftShiftPublic" : "RightShiftPublic", asPublic(type));
      }
      adapt(value, asShare(type));
      adapt(amount, UNSIGNED);
      if (kind === "leftShift") return draft("LeftShiftShares", asShare(type));
      return kind === "rightShift"
        ? draft("RightShiftShares", asShare(type), "Trunc")
        : draft("TruncPr", asShare(type), "TruncPr");
    }
    case "lessThan":
    case "equals":
    case "publicOutputEquality": {
      if (!sameArithmetic(left, right)) return unsupported();
      const name = kind === "lessThan" ? "LessThan" : "Equals";
      if (bothPublic) {
        // public_equals of two public values reuses EqualsPublic, with each operand kept as it is.
        if (kind === "publicOutputEquality") {
          adapt(entry.operands[0] as number, left);
          adapt(entry.operands[1] as number, right);
          return draft("EqualsPublic", BOOLEAN);
        }
        for (const operand of entry.operands) adapt(operand, asPublic(left));
        return draft(`${name}Public`, BOOLEAN);
      }
      for (const operand of entry.operands) adapt(operand, asShare(left));
      if (kind === "publicOutputEquality")
        return draft("PublicOutputEquality", BOOLEAN, "PublicOutputEquality");
      return kind === "lessThan"
        ? draft("LessThanShares", SHARE_BOOLEAN, "Compare")
        : draft("EqualsSecret", SHARE_BOOLEAN, "EqualsIntegerSecret");
    }
    case "not":
      if (left.kind === "Boolean") return binary("Not", BOOLEAN);
      if (left.kind === "SecretBoolean") return binary("Not", SHARE_BOOLEAN);
      return unsupported();
    case "ifElse": {
      const [condition, whenTrue, whenFalse] = entry.operands as [number, number, number];
      const [conditionType = BOOLEAN, trueType = BOOLEAN, falseType = BOOLEAN] = types;
      const publicBranches = isVmPublic(trueType) && isVmPublic(falseType);
      const resultType = isVmPublic(conditionType) && publicBranches ? type : asShare(type);
      adapt(condition, isVmPublic(conditionType) ? BOOLEAN : SHARE_BOOLEAN);
      adapt(whenTrue, resultType);
      adapt(whenFalse, resultType);
      if (isVmPublic(conditionType)) return draft("IfElsePublicCond", resultType);
      return draft(publicBranches ? "IfElsePublicBranches" : "IfElse", resultType);
    }
    case "reveal": {
      adapt(entry.operands[0] as number, asShare(left));
      return draft("Reveal", asPublic(type));
    }
    case "random":
      if (type.kind === "SecretInteger" || type.kind === "SecretUnsignedInteger") {
        return draft("RandomInteger", asShare(type), "RandomInteger");
      }
      return type.kind === "SecretBoolean"
        ? draft("RandomBoolean", asShare(type), "RandomBoolean")
        : unsupported();
    case "publicKeyDerive":
      if (isVmPublic(left)) return unsupported();
      adapt(entry.operands[0] as number, left);
      return draft("PublicKeyDerive", asPublic(type));
    case "ecdsaSign":
      if (!isVmPublic(right) || isVmPublic(left)) return unsupported();
      adapt(entry.operands[0] as number, { kind: "EcdsaPrivateKey" });
      adapt(entry.operands[1] as number, { kind: "EcdsaDigestMessage" });
      return draft("EcdsaSign", { kind: "EcdsaSignature" }, "EcdsaAuxInfo");
    case "eddsaSign":
      if (!isVmPublic(right) || isVmPublic(left)) return unsupported();
      adapt(entry.operands[0] as number, { kind: "EddsaPrivateKey" });
      adapt(entry.operands[1] as number, { kind: "EddsaMessage" });
      return draft("EddsaSign", { kind: "EddsaSignature" });
    case "innerProduct": {
      const [leftArray, rightArray] = entry.operands as [number, number];
      if (bothPublic) {
        adapt(leftArray, asPublic(left));
        adapt(rightArray, asPublic(right));
        return draft("InnerProductPublic", asPublic(type));
      }
      const mixed = isVmPublic(left) || isVmPublic(right);
      adapt(leftArray, mixed && isVmPublic(left) ? left : asShare(left));
      adapt(rightArray, mixed && isVmPublic(right) ? right : asShare(right));
      return draft(mixed ? "InnerProductSharePublic" : "InnerProductShares", asShare(type));
    }
    default:
      return unsupported();
  }
}

// Arithmetic and comparisons take two integers, two unsigned integers or two booleans (public or secret).
function sameArithmetic(left: VmType, right: VmType): boolean {
  const primitive = primitiveOf(left);
  return (
    primitive !== undefined &&
    primitive === primitiveOf(right) &&
    (primitive === "Integer" || primitive === "UnsignedInteger" || primitive === "Boolean")
  );
}
