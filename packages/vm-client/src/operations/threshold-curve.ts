import { InvalidArgumentError } from "@nillion/types";

/** The curves of the threshold built-ins: secp256k1 ECDSA (`tecdsa_*`) and Ed25519 EdDSA (`teddsa_*`). */
export type ThresholdCurve = "ecdsa" | "eddsa";

/** The built-ins' name prefix for `curve`: `tecdsa` or `teddsa`. */
export function builtinPrefix(curve: ThresholdCurve): "tecdsa" | "teddsa" {
  return curve === "ecdsa" ? "tecdsa" : "teddsa";
}

/**
 * `curve` as given by a caller.
 *
 * @throws {InvalidArgumentError} naming `argument` unless it is `"ecdsa"` or `"eddsa"`
 */
export function toThresholdCurve(curve: unknown, argument: string): ThresholdCurve {
  if (curve === "ecdsa" || curve === "eddsa") return curve;
  throw new InvalidArgumentError(`"${argument}" must be "ecdsa" or "eddsa", got ${describe(curve)}`, {
    argument,
  });
}

/** An argument of a threshold operation, which must be an object. */
export function requestObject<T>(request: T, argument: string): T {
  if (typeof request === "object" && request !== null) return request;
  throw new InvalidArgumentError(`"${argument}" expected an object, got ${describe(request)}`, { argument });
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : value === null ? "null" : typeof value;
}
