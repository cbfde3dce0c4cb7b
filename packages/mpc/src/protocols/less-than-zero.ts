// Comparison with zero of a value of bounded size (Catrina–de Hoogh's LTZ through Mod2m), the building
// block of division by a secret divisor.
import type { ComparisonMask } from "../preprocessing-layouts.js";
import type { RoundContext } from "../round-scheduler.js";
import { mergeBits } from "./bitwise-leaves.js";
import { modPowerOfTwo } from "./truncation-protocols.js";

/**
 * Shares of [x < 0] for each x in [−2^(K−1), 2^(K−1)), K the mask's size: x + 2^(K−1) is non-negative
 * below 2^K, and its bit K − 1 (what is left after removing its remainder mod 2^(K−1)) is [x ≥ 0].
 * 1 + ⌈log₂⌈(K − 1)/2⌉⌉ rounds for all of them.
 */
export async function lessThanZero(
  round: RoundContext,
  items: readonly { readonly x: bigint; readonly mask: ComparisonMask }[],
): Promise<bigint[]> {
  const { field } = round.sharing;
  const remainders = await modPowerOfTwo(
    round,
    items.map(({ x, mask }) => {
      const m = mask.size - 1;
      const whole = field.add(mergeBits(field, mask.bits, 0, m), field.mul(1n << BigInt(m), mask.high));
      return { x, m, offsetBits: m, mask: whole, bits: mask };
    }),
  );
  return items.map(({ x, mask }, i) => {
    const power = 1n << BigInt(mask.size - 1);
    const top = field.mul(field.sub(field.add(x, power), remainders[i] as bigint), field.inv(power));
    return field.sub(1n, top);
  });
}
