// sdk.Coin and sdk.Coins: amounts are arbitrary-precision integers sent as text (see parseAmount). Validation
// and formatting follow cosmos-sdk `types/coin.go`, whose texts appear in logs ("100unil").
import { plainError } from "./errors.js";
import { parseGoBigInt } from "./go-big-int.js";

/** One amount of one denomination. */
export interface Coin {
  readonly denom: string;
  readonly amount: bigint;
}

const DENOM_PATTERN = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;
// math.Int refuses integers wider than 256 bits.
const MAX_INT_BITS = 256;

/**
 * A coin amount as the chain reads it from protobuf (`math.Int`'s gogoproto `Unmarshal`, which uses Go's
 * `big.Int` text rules, see {@link parseGoBigInt}): empty is zero, otherwise an integer of at most 256 bits
 * with an optional sign, in decimal, or in the base its prefix names. The leader reads payments with it
 * too, so that it counts exactly what the chain took.
 *
 * @example
 * ```ts
 * parseAmount("1000000"); // 1000000n
 * parseAmount("+1000000"); // 1000000n
 * parseAmount("01000000"); // 262144n: a leading 0 means octal, as in Go
 * parseAmount("1e6"); // throws
 * ```
 * @throws {SdkError} (uncoded) with Go's message, which the decoder turns into a tx parse error
 */
export function parseAmount(text: string): bigint {
  if (text === "") return 0n;
  const value = parseGoBigInt(text);
  if (value === undefined) {
    throw plainError(`math/big: cannot unmarshal ${JSON.stringify(text)} into a *big.Int`);
  }
  const bits = (value < 0n ? -value : value).toString(2).length;
  if (bits > MAX_INT_BITS) throw plainError(`integer out of range; got: ${bits}, max: ${MAX_INT_BITS}`);
  return value;
}

/** Go's `%v` of a coin: amount immediately followed by denom. */
export function coinToString(coin: Coin): string {
  return `${coin.amount}${coin.denom}`;
}

/** `sdk.Coins.String()`: comma-separated, empty for no coins. */
export function coinsToString(coins: readonly Coin[]): string {
  return coins.map(coinToString).join(",");
}

/** `sdk.ValidateDenom`. */
export function isValidDenom(denom: string): boolean {
  return DENOM_PATTERN.test(denom);
}

/** `sdk.Coins.IsValid()`: valid denoms, sorted without duplicates, every amount positive. */
export function areValidCoins(coins: readonly Coin[]): boolean {
  for (let i = 0; i < coins.length; i++) {
    const coin = coins[i] as Coin;
    if (!isValidDenom(coin.denom) || coin.amount <= 0n) return false;
    const previous = coins[i - 1];
    if (previous !== undefined && previous.denom >= coin.denom) return false;
  }
  return true;
}

/** `sdk.Coins.IsZero()`: no coins, or only zero amounts. */
export function areZeroCoins(coins: readonly Coin[]): boolean {
  return coins.every((coin) => coin.amount === 0n);
}

/** `sdk.Coins.IsAnyNegative()`. */
export function hasNegativeCoin(coins: readonly Coin[]): boolean {
  return coins.some((coin) => coin.amount < 0n);
}
