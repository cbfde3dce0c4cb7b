import type { Coin } from "./cosmos-codec.js";

/** A gas price as a decimal fraction of one denomination: `numerator / 10^decimals` per unit of gas. */
export interface GasPrice {
  readonly denom: string;
  /** The fee for `gas`: the price times the gas, rounded up, as cosmjs's `calculateFee` does. */
  feeFor(gas: bigint): Coin;
}

// cosmjs's rule: a decimal with at most 18 fractional digits, then a denomination of 3 to 128 characters.
const GAS_PRICE = /^([0-9]+)(?:\.([0-9]{1,18}))?([a-zA-Z][a-zA-Z0-9/:._-]{2,127})$/;

/** @throws {Error} for text that is not a gas price like `"0.025unil"` */
export function parseGasPrice(text: string): GasPrice {
  const match = typeof text === "string" ? GAS_PRICE.exec(text) : null;
  if (match === null) throw new Error(`not a gas price: ${JSON.stringify(text)}`);
  const [, whole = "", fraction = "", denom = ""] = match;
  const numerator = BigInt(whole + fraction);
  const scale = 10n ** BigInt(fraction.length);
  return {
    denom,
    feeFor: (gas) => ({ denom, amount: ((numerator * gas + scale - 1n) / scale).toString() }),
  };
}
