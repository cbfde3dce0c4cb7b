// Every constructor case the official WASM client (client-ts 0.3.1) was run against, from the shared
// vector file: where the official constructor rejected an input ours must reject it too, with a message
// that names the value type and a rule that matches the official reason; where it accepted, so must ours.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  EcdsaPublicKey,
  EcdsaSignature,
  EddsaPrivateKey,
  EddsaPublicKey,
  EddsaSignature,
  hexToBytes,
  Integer,
  isNadaValue,
  type NadaValue,
  SecretInteger,
  SecretUnsignedInteger,
  StoreId,
  UnsignedInteger,
  ValueValidationError,
} from "@nillion/types";
import { describe, expect, it } from "vitest";

const VECTORS = fileURLToPath(
  new URL("../../../../shared/vectors/wasm-client-ts-0.3.1-64cd22e.json", import.meta.url),
);

interface Case {
  id: string;
  operation: string;
  input: Record<string, string>;
  error?: string;
  result?: unknown;
}

const file = JSON.parse(fs.readFileSync(VECTORS, "utf8")) as { errors_and_edge_cases: Case[] };
const cases = file.errors_and_edge_cases.filter((c) => c.operation.startsWith("NadaValue.new_"));

/** Our constructor for each official one, and the value type our errors must name. */
const constructors: Record<
  string,
  { valueType: string; build: (input: Record<string, string>) => NadaValue }
> = {
  "NadaValue.new_secret_integer": {
    valueType: "SecretInteger",
    build: (i) => new SecretInteger(field(i, "value")),
  },
  "NadaValue.new_public_integer": { valueType: "Integer", build: (i) => new Integer(field(i, "value")) },
  "NadaValue.new_secret_unsigned_integer": {
    valueType: "SecretUnsignedInteger",
    build: (i) => new SecretUnsignedInteger(field(i, "value")),
  },
  "NadaValue.new_public_unsigned_integer": {
    valueType: "UnsignedInteger",
    build: (i) => new UnsignedInteger(field(i, "value")),
  },
  "NadaValue.new_ecdsa_private_key": {
    valueType: "EcdsaPrivateKey",
    build: (i) => new EcdsaPrivateKey(bytes(i, "value")),
  },
  "NadaValue.new_ecdsa_digest_message": {
    valueType: "EcdsaDigestMessage",
    build: (i) => new EcdsaDigestMessage(bytes(i, "value")),
  },
  "NadaValue.new_ecdsa_signature": {
    valueType: "EcdsaSignature",
    build: (i) => new EcdsaSignature({ r: bytes(i, "r"), s: bytes(i, "s") }),
  },
  "NadaValue.new_ecdsa_public_key": {
    valueType: "EcdsaPublicKey",
    build: (i) => new EcdsaPublicKey(bytes(i, "value")),
  },
  "NadaValue.new_store_id": { valueType: "StoreId", build: (i) => new StoreId(bytes(i, "value")) },
  "NadaValue.new_eddsa_private_key": {
    valueType: "EddsaPrivateKey",
    build: (i) => new EddsaPrivateKey(bytes(i, "value")),
  },
  "NadaValue.new_eddsa_public_key": {
    valueType: "EddsaPublicKey",
    build: (i) => new EddsaPublicKey(bytes(i, "value")),
  },
  "NadaValue.new_eddsa_signature": {
    valueType: "EddsaSignature",
    build: (i) => new EddsaSignature({ r: bytes(i, "r"), z: bytes(i, "z") }),
  },
};

/**
 * Official rejections we knowingly accept, each with the layer that checks instead. Keep this list short:
 * every entry is a difference from the official client.
 */
const acceptedHere: Record<string, string> = {
  // R is not a curve point. Checking that needs ed25519 arithmetic, which lives in @nillion/crypto (this
  // package has no dependencies); the masker validates R before anything leaves the client.
  "ctor-EddsaSignature-bad-r": "point validity of R is checked by @nillion/crypto",
};

/** Which of our rules match each official error text. */
function rulesFor(official: string): string[] {
  if (official.includes("Invalid unsigned integer value")) return ["unsigned", "integer"];
  if (official.includes("Invalid integer value")) return ["integer"];
  if (official.includes("Bytearray with invalid size") || official.includes("must be exactly"))
    return ["byte-length"];
  if (official.includes("Zero scalar used")) return ["nonzero"];
  if (official.includes("Invalid scalar for private key")) return ["scalar-range"];
  // The official parser reads an empty component as 0; we report it as a length problem.
  if (official.includes("value cannot be 0")) return ["nonzero", "byte-length"];
  // It also reports a component longer than 32 bytes as too large.
  if (official.includes("larger than group order")) return ["scalar-range", "byte-length"];
  throw new Error(`no rule mapping for the official error ${JSON.stringify(official)}`);
}

function field(input: Record<string, string>, key: string): string {
  const value = input[key];
  if (value === undefined) throw new Error(`vector input has no ${key}`);
  return value;
}

function bytes(input: Record<string, string>, key: string): Uint8Array {
  return hexToBytes(field(input, key));
}

describe("official constructor vectors (client-ts 0.3.1)", () => {
  it("are all here: 31 constructor cases, every operation mapped", () => {
    expect(cases.length).toBe(31);
    for (const c of cases) expect(constructors[c.operation], c.operation).toBeDefined();
    for (const id of Object.keys(acceptedHere)) expect(cases.map((c) => c.id)).toContain(id);
  });

  const rejected = cases.filter((c) => c.error !== undefined && acceptedHere[c.id] === undefined);
  const accepted = cases.filter((c) => c.error === undefined || acceptedHere[c.id] !== undefined);

  it.each(rejected.map((c) => [c.id, c] as const))("%s: rejected, naming the type and rule", (_id, c) => {
    const ctor = constructors[c.operation];
    if (ctor === undefined) throw new Error(`unmapped operation ${c.operation}`);
    let caught: unknown;
    try {
      ctor.build(c.input);
    } catch (error) {
      caught = error;
    }
    expect(caught, `official: ${c.error}`).toBeInstanceOf(ValueValidationError);
    const error = caught as ValueValidationError;
    expect(error.valueType).toBe(ctor.valueType);
    expect(error.message).toContain(ctor.valueType);
    expect(rulesFor(c.error ?? "")).toContain(error.rule);
    expect(error.message).toContain(`rule: ${error.rule}`);
  });

  it.each(accepted.map((c) => [c.id, c] as const))("%s: accepted", (_id, c) => {
    const ctor = constructors[c.operation];
    if (ctor === undefined) throw new Error(`unmapped operation ${c.operation}`);
    const value = ctor.build(c.input);
    expect(isNadaValue(value)).toBe(true);
    expect(value.type).toBe(ctor.valueType);
    const record = (c.result as { to_record?: { value?: string } } | undefined)?.to_record;
    if (record?.value !== undefined) expect((value as { value: unknown }).value).toBe(BigInt(record.value));
  });

  it("the official texts of share-encoding §9 have our counterparts", () => {
    // Exact bad inputs listed in §9 that the vector file does not repeat.
    expect(() => new Integer("")).toThrow(/Invalid Integer: .*empty string.*rule: integer/);
    expect(() => new UnsignedInteger("abc")).toThrow(/Invalid UnsignedInteger: .*"abc".*rule: integer/);
    expect(() => new EcdsaDigestMessage(new Uint8Array(33))).toThrow(
      /Invalid EcdsaDigestMessage: .*exactly 32 bytes/,
    );
    expect(() => new EcdsaSignature({ r: new Uint8Array([1]), s: new Uint8Array(32) })).toThrow(
      /Invalid EcdsaSignature: "s" is zero/,
    );
    expect(() => new EcdsaSignature({ r: new Uint8Array(33).fill(1), s: new Uint8Array([1]) })).toThrow(
      /Invalid EcdsaSignature: "r" must be 1 to 32 bytes/,
    );
    expect(() => new StoreId(new Uint8Array(17))).toThrow(/Invalid StoreId: .*exactly 16 bytes/);
    expect(() => new EddsaPublicKey(new Uint8Array(33))).toThrow(
      /Invalid EddsaPublicKey: .*exactly 32 bytes/,
    );
    expect(() => new EcdsaPublicKey(new Uint8Array(34))).toThrow(
      /Invalid EcdsaPublicKey: .*exactly 33 bytes/,
    );
  });
});
