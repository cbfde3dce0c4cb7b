import { createHash } from "node:crypto";
import {
  Integer,
  NadaArray,
  type NadaValue,
  type NadaValues,
  SecretBlob,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
} from "@nillion/types";
import type { SeededRandom } from "./seeded-random.js";

/**
 * A value set of mixed types drawn from `random`: a secret and a public integer, a secret boolean, a small
 * array of secret unsigned integers and a secret blob of 1 byte to 4 KiB (several field elements).
 *
 * @example
 * ```ts
 * const values = mixedValues(seededRandom(7)); // the same set for seed 7, every run
 * ```
 */
export function mixedValues(random: SeededRandom): NadaValues {
  const int64 = () => BigInt.asIntN(64, bytesToBigInt(random.bytes(8)));
  const uint64 = () => BigInt.asUintN(64, bytesToBigInt(random.bytes(8)));
  return {
    balance: new SecretInteger(int64()),
    limit: new Integer(int64()),
    active: new SecretBoolean(random.chance(0.5)),
    scores: new NadaArray(
      Array.from({ length: 1 + random.int(4) }, () => new SecretUnsignedInteger(uint64())),
    ),
    note: new SecretBlob(random.bytes(1 + random.int(4096))),
  };
}

/** What differs between the values stored and those retrieved (blobs byte for byte); empty when equal. */
export function valueDifferences(stored: NadaValues, retrieved: NadaValues): string[] {
  const wrong = Object.entries(stored)
    .filter(([name, value]) => !value.equals(retrieved[name]))
    .map(([name]) => `"${name}" came back as ${describeValue(retrieved[name])}`);
  const extra = Object.keys(retrieved)
    .filter((name) => !(name in stored))
    .map((name) => `"${name}" was never stored`);
  return [...wrong, ...extra];
}

/** A readable form of `values` for failure messages: blobs by length and SHA-256, the rest as printed. */
export function describeValues(values: NadaValues): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}=${describeValue(value)}`)
    .join(", ");
}

function describeValue(value: NadaValue | undefined): string {
  if (value instanceof SecretBlob) {
    const digest = createHash("sha256").update(value.value).digest("hex").slice(0, 16);
    return `SecretBlob(${value.value.length} bytes, sha256 ${digest}…)`;
  }
  return String(value);
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.reduce((total, byte) => (total << 8n) | BigInt(byte), 0n);
}
