// Go's `(*big.Int).UnmarshalText`, which is how `math.Int` (every Cosmos coin amount) reads its protobuf
// text. It reads base 0, so the text says its own base: an optional sign, then `0b`/`0o`/`0x` (either case)
// for binary, octal or hex, a bare leading `0` for octal, decimal otherwise; `_` may separate digits, or a
// prefix from the first digit. Nothing else is allowed, spaces included.

const PREFIX_BASES: Readonly<Record<string, number>> = { b: 2, o: 8, x: 16 };
const BASE_PREFIXES: Readonly<Record<number, string>> = { 2: "0b", 8: "0o", 10: "", 16: "0x" };

/**
 * The integer `text` stands for, read as Go's `big.Int` reads text.
 *
 * @returns the value, or undefined for text Go refuses
 *
 * @example
 * ```ts
 * parseGoBigInt("+1000000"); // 1000000n
 * parseGoBigInt("01000000"); // 262144n (octal)
 * parseGoBigInt("1_000"); // 1000n
 * parseGoBigInt("1e6"); // undefined
 * ```
 */
export function parseGoBigInt(text: string): bigint | undefined {
  let i = text[0] === "+" || text[0] === "-" ? 1 : 0;
  const negative = text[0] === "-";
  let base = 10;
  // Whether the last character read was a digit (or the leading 0 of a prefix): only then may `_` follow.
  let afterDigit = false;
  let prefixed = false;
  if (text[i] === "0") {
    afterDigit = true;
    i++;
    if (i === text.length) return 0n;
    const prefixBase = PREFIX_BASES[(text[i] as string).toLowerCase()];
    if (prefixBase !== undefined) {
      base = prefixBase;
      prefixed = true;
      i++;
    } else {
      base = 8;
    }
  }
  let digits = "";
  for (; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "_") {
      if (!afterDigit) return undefined;
      afterDigit = false;
      continue;
    }
    const value = Number.parseInt(c, 36);
    if (!/^[0-9a-zA-Z]$/.test(c) || value >= base) return undefined;
    digits += c;
    afterDigit = true;
  }
  if (!afterDigit) return undefined; // a trailing `_`, or nothing after the sign
  if (digits === "") return prefixed ? undefined : 0n;
  const magnitude = BigInt(`${BASE_PREFIXES[base]}${digits}`);
  return negative ? -magnitude : magnitude;
}
