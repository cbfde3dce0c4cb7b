// Operations on public values only, with the node's integer semantics (node-mpc.md §2.4): Integer
// operands are read centred (residues above (p−1)/2 are negative), UnsignedInteger operands as residues.
import type { PrimeField } from "@nillion/crypto";
import { fieldPower } from "../field-power.js";
import type { LocalProtocol, StepInput } from "../protocol-implementation.js";
import { type ScalarShare, scalarShare } from "../share-values.js";
import { stepError } from "../step-error.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";

function integerOf(field: PrimeField, value: ScalarShare): bigint {
  return value.type.kind === "Integer" ? field.toSigned(value.element) : value.element;
}

// Rounds toward −∞ (BigInt division truncates toward zero).
function floorDivide(dividend: bigint, divisor: bigint): bigint {
  const quotient = dividend / divisor;
  return dividend % divisor !== 0n && dividend < 0n !== divisor < 0n ? quotient - 1n : quotient;
}

function integerBinary(compute: (left: bigint, right: bigint, input: StepInput) => bigint): LocalProtocol {
  return {
    online: false,
    run: (input, field) => {
      const left = integerOf(field, scalarOperand(input, 0));
      const right = integerOf(field, scalarOperand(input, 1));
      return scalarShare(scalarResultType(input), field.reduce(compute(left, right, input)));
    },
  };
}

function nonZero(divisor: bigint, input: StepInput): bigint {
  if (divisor === 0n) throw stepError(input.step, "division by zero");
  return divisor;
}

/**
 * Public `/` (floor) and `%` (the sign of the divisor, Python rules; a zero divisor fails the computation
 * with `division by zero`), `**` (`a^E mod p` with E the exponent's residue), `>>` (floor), `<` (signed
 * for Integer, residues for UnsignedInteger) and `==` (field equality).
 */
export const PUBLIC_INTEGER_PROTOCOLS: Readonly<Record<string, LocalProtocol>> = {
  DivisionIntegerPublic: integerBinary((left, right, input) => floorDivide(left, nonZero(right, input))),
  ModuloIntegerPublic: integerBinary(
    (left, right, input) => left - right * floorDivide(left, nonZero(right, input)),
  ),
  // The shift amount is an UnsignedInteger, so it is always read as a residue.
  RightShiftPublic: integerBinary((left, right) => left >> right),
  LessThanPublic: integerBinary((left, right) => (left < right ? 1n : 0n)),
  PowerPublicBasePublicExponent: {
    online: false,
    run: (input, field) =>
      scalarShare(
        scalarResultType(input),
        fieldPower(field, scalarOperand(input, 0).element, scalarOperand(input, 1).element),
      ),
  },
  EqualsPublic: {
    online: false,
    run: (input) =>
      scalarShare(
        scalarResultType(input),
        scalarOperand(input, 0).element === scalarOperand(input, 1).element ? 1n : 0n,
      ),
  },
};
