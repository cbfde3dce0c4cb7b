// Division and modulo by a secret divisor: the reciprocal division where the prime is wide enough for
// it (the 256-bit prime), long division bit by bit on the narrower primes.
import { reciprocalFractionBits } from "../integer-sizes.js";
import type { OnlineProtocol, StepInput } from "../protocol-implementation.js";
import type { RoundContext } from "../round-scheduler.js";
import { scalarShare } from "../share-values.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";
import { divideBitByBit } from "./long-division.js";
import { multiplyShares } from "./multiply-shares.js";
import { divideByReciprocal } from "./reciprocal-division.js";

function divideBySecret(input: StepInput, round: RoundContext): Promise<bigint> {
  return reciprocalFractionBits(round.sharing.field) === undefined
    ? divideBitByBit(input, round)
    : divideByReciprocal(input, round);
}

/**
 * `DivisionIntegerSecretDivisor` and `ModuloIntegerSecretDivisor` (S/S and P/S, one
 * DIVISION_SECRET_DIVISOR element each): floor division with a / 0 = 0, and a % b = a − b·(a / b), so
 * a % 0 = a.
 */
export const SECRET_DIVISOR_PROTOCOLS: Readonly<Record<string, OnlineProtocol>> = {
  DivisionIntegerSecretDivisor: {
    online: true,
    run: async (input, round) => scalarShare(scalarResultType(input), await divideBySecret(input, round)),
  },
  ModuloIntegerSecretDivisor: {
    online: true,
    run: async (input, round) => {
      const { field } = round.sharing;
      const quotient = await divideBySecret(input, round);
      const b = scalarOperand(input, 1).element;
      const [product] = await multiplyShares(round, [[b, quotient]]);
      const remainder = field.sub(scalarOperand(input, 0).element, product as bigint);
      return scalarShare(scalarResultType(input), remainder);
    },
  },
};
