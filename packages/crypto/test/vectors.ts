// Loads the official masker's vectors (../shared/vectors, beside the repository) and converts their
// JSON records to the SDK's shapes. Shared by the conformance tests.
import fs from "node:fs";
import path from "node:path";
import type { WireNamedValue, WireValue } from "@nillion/crypto";
import {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  EcdsaPublicKey,
  EcdsaSignature,
  EddsaMessage,
  EddsaPrivateKey,
  EddsaPublicKey,
  EddsaSignature,
  hexToBytes,
  Integer,
  Boolean as NadaBoolean,
  type NadaValue,
  SecretBlob,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  StoreId,
  UnsignedInteger,
} from "@nillion/types";

export interface VectorCluster {
  id: string;
  primeBits: 64 | 128 | 256;
  degree: number;
  partiesSorted: string[];
  partiesInputOrder: string[];
}

export interface ValueRecord {
  type: string;
  [key: string]: unknown;
}

export interface MaskVector {
  id: string;
  cluster: string;
  inputs: Record<string, ValueRecord>;
  classify_values: Record<string, string>;
  masked?: {
    party: string;
    abscissa: number;
    to_js_object: Record<string, ValueRecord>;
    protobuf_named_value_hex: Record<string, string>;
    client_vms_payload_size: number;
  }[];
  unmasked?: Record<string, ValueRecord>;
  mask_error?: string;
}

export interface VectorFile {
  clusters: VectorCluster[];
  vectors: MaskVector[];
  foreign_shares: {
    cluster: string;
    name: string;
    shares: { party: string; records: Record<string, ValueRecord> }[];
    official_unmask: Record<string, ValueRecord>;
  }[];
  errors_and_edge_cases: {
    id: string;
    operation: string;
    input: Record<string, unknown>;
    error?: string;
    result?: unknown;
  }[];
}

export const vectors: VectorFile = JSON.parse(
  fs.readFileSync(
    path.resolve(import.meta.dirname, "../../../../shared/vectors/wasm-client-ts-0.3.1-64cd22e.json"),
    "utf8",
  ),
);

export const primeOf = (bits: number) =>
  `SAFE_${bits}_BITS` as const as "SAFE_64_BITS" | "SAFE_128_BITS" | "SAFE_256_BITS";

export function clusterOf(id: string): VectorCluster {
  const cluster = vectors.clusters.find((c) => c.id === id);
  if (!cluster) throw new Error(`no cluster ${id}`);
  return cluster;
}

const hex = (value: unknown): Uint8Array => hexToBytes(String(value));

/** A vector input (or an official unmask result) as one of our value classes. */
export function valueFromRecord(record: ValueRecord): NadaValue {
  const v = record["value"];
  const bytes = () =>
    typeof v === "object" && v !== null && "hex" in v ? hex((v as { hex: string }).hex) : hex(v);
  switch (record.type) {
    case "SecretInteger":
      return new SecretInteger(String(v));
    case "SecretUnsignedInteger":
      return new SecretUnsignedInteger(String(v));
    case "PublicInteger":
      return new Integer(String(v));
    case "PublicUnsignedInteger":
      return new UnsignedInteger(String(v));
    case "SecretBoolean":
      return new SecretBoolean(v === true || v === "true");
    case "PublicBoolean":
      return new NadaBoolean(v === true || v === "true");
    case "SecretBlob":
      return new SecretBlob(bytes());
    case "EcdsaPrivateKey":
      return new EcdsaPrivateKey(bytes());
    case "EcdsaDigestMessage":
      return new EcdsaDigestMessage(bytes());
    case "EcdsaPublicKey":
      return new EcdsaPublicKey(bytes());
    case "StoreId":
      return new StoreId(bytes());
    case "EddsaPrivateKey":
      return new EddsaPrivateKey(bytes());
    case "EddsaMessage":
      return new EddsaMessage(bytes());
    case "EddsaPublicKey":
      return new EddsaPublicKey(bytes());
    case "EcdsaSignature": {
      const { r, s } = v as { r: string; s: string };
      return new EcdsaSignature({ r: hex(r), s: hex(s) });
    }
    case "EddsaSignature": {
      const { r, z } = v as { r: string; z: string };
      return new EddsaSignature(hexToBytes(r + z));
    }
    default:
      throw new Error(`unknown input type ${record.type}`);
  }
}

/** A party's `to_js_object` record as the wire shape our unmasker reads. */
export function wireFromRecord(record: ValueRecord): WireValue {
  const r = record as Record<string, string & string[]>;
  const keyShare = () => ({
    i: Number(r["i"]),
    x: hex(r["x"]),
    sharedPublicKey: hex(r["sharedPublicKey"]),
    publicShares: (r["publicShares"] as string[]).map(hex),
  });
  switch (record.type) {
    case "ShamirShareInteger":
      return { value: { case: "shamirShareInteger", value: { value: hex(r["value"]) } } };
    case "ShamirShareUnsignedInteger":
      return { value: { case: "shamirShareUnsignedInteger", value: { value: hex(r["value"]) } } };
    case "ShamirShareBoolean":
      return { value: { case: "shamirShareBoolean", value: { value: hex(r["value"]) } } };
    case "Integer":
      return { value: { case: "publicInteger", value: { value: hex(r["value"]) } } };
    case "UnsignedInteger":
      return { value: { case: "publicUnsignedInteger", value: { value: hex(r["value"]) } } };
    case "Boolean":
      return { value: { case: "publicBoolean", value: { value: hex(r["value"]) } } };
    case "SecretBlob":
      return {
        value: {
          case: "shamirSharesBlob",
          value: {
            shares: (r["shares"] as string[]).map((s) => ({ value: hex(s) })),
            originalSize: BigInt(String(r["originalSize"])),
          },
        },
      };
    case "EcdsaPrivateKey":
      return { value: { case: "ecdsaPrivateKeyShare", value: keyShare() } };
    case "EddsaPrivateKey":
      return { value: { case: "eddsaPrivateKeyShare", value: keyShare() } };
    case "EcdsaSignature":
      return { value: { case: "ecdsaSignatureShare", value: { r: hex(r["r"]), sigma: hex(r["sigma"]) } } };
    case "EcdsaDigestMessage":
      return { value: { case: "ecdsaMessageDigest", value: { digest: hex(r["digest"]) } } };
    case "EcdsaPublicKey":
      return { value: { case: "ecdsaPublicKey", value: { publicKey: hex(r["publicKey"]) } } };
    case "EddsaPublicKey":
      return { value: { case: "eddsaPublicKey", value: { publicKey: hex(r["publicKey"]) } } };
    case "StoreId":
      return { value: { case: "storeId", value: { storeId: hex(r["storeId"]) } } };
    case "EddsaSignature":
      return { value: { case: "eddsaSignature", value: { signature: hex(r["signature"]) } } };
    case "EddsaMessage":
      return { value: { case: "eddsaMessage", value: { message: hex(r["message"]) } } };
    default:
      throw new Error(`unknown record type ${record.type}`);
  }
}

/** A party's records as named wire values. */
export function namedFromRecords(records: Record<string, ValueRecord>): WireNamedValue[] {
  return Object.entries(records).map(([name, record]) => ({ name, value: wireFromRecord(record) }));
}
