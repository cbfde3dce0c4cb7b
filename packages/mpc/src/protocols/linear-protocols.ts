// Protocols every party runs on its own: affine maps of shares by public constants. A public value is a
// degree-0 sharing of itself, so adding or multiplying by it keeps every share on a degree-T polynomial.
import type { PrimeField } from "@nillion/crypto";
import { fieldPower } from "../field-power.js";
import type { LocalProtocol } from "../protocol-implementation.js";
import { scalarShare } from "../share-values.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";

function binary(combine: (field: PrimeField, left: bigint, right: bigint) => bigint): LocalProtocol {
  return {
    online: false,
    run: (input, field) =>
      scalarShare(
        scalarResultType(input),
        combine(field, scalarOperand(input, 0).element, scalarOperand(input, 1).element),
      ),
  };
}

const multiply = binary((field, left, right) => field.mul(left, right));
// a << m is a·2^m mod p for any m (no range check, as in the node); m is a raw UnsignedInteger residue.
const shiftLeft = binary((field, value, amount) => field.mul(value, fieldPower(field, 2n, amount)));

/**
 * `+` and `−` in every public/secret mix, `×` with at least one public factor, `<<` and `NOT` (1 − c).
 * All wrap modulo p, public values included.
 */
export const LINEAR_PROTOCOLS: Readonly<Record<string, LocalProtocol>> = {
  Addition: binary((field, left, right) => field.add(left, right)),
  Subtraction: binary((field, left, right) => field.sub(left, right)),
  MultiplicationPublic: multiply,
  MultiplicationSharePublic: multiply,
  LeftShiftPublic: shiftLeft,
  LeftShiftShares: shiftLeft,
  Not: {
    online: false,
    run: (input, field) =>
      scalarShare(scalarResultType(input), field.sub(1n, scalarOperand(input, 0).element)),
  },
};
