// One fuzzed call to the chain's Cosmos gRPC server: a real query or broadcast, its fields swapped for
// edge cases (addresses, denoms, hashes, txs) or its bytes mutated, framed honestly or not.
import { QueryAccountRequest } from "cosmjs-types/cosmos/auth/v1beta1/query";
import {
  QueryAllBalancesRequest,
  QueryBalanceRequest,
  QuerySupplyOfRequest,
} from "cosmjs-types/cosmos/bank/v1beta1/query";
import {
  BroadcastMode,
  BroadcastTxRequest,
  GetTxRequest,
  SimulateRequest,
} from "cosmjs-types/cosmos/tx/v1beta1/service";
import type { SeededRandom } from "../support/seeded-random.js";
import type { ChainSeeds } from "./chain-seeds.js";
import { frameMessages } from "./frame-messages.js";
import { mutateMessage } from "./mutate-message.js";
import { bytesField, concat, parseFields, varintField, WIRE } from "./protobuf-wire.js";

export interface ChainGrpcInput {
  readonly id: string;
  readonly label: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  readonly encoding?: string;
  /** The method's request decoder, for telling undecodable requests apart. */
  readonly decode?: (bytes: Uint8Array) => unknown;
}

interface Method {
  readonly path: string;
  readonly decode: (bytes: Uint8Array) => unknown;
  /** A valid request, and edge variants of its fields. */
  readonly requests: (seeds: ChainSeeds, random: SeededRandom) => Uint8Array;
}

const encoder = new TextEncoder();
const NOT_UTF8 = Uint8Array.from([0x75, 0xff, 0x6e, 0xc0, 0x80]);

function address(seeds: ChainSeeds, random: SeededRandom): string {
  if (random.chance(0.5)) return random.pick(seeds.addresses);
  const [valid = ""] = seeds.addresses;
  return random.pick([
    "",
    "nillion1",
    valid.toUpperCase(),
    valid.replace("nillion", "cosmos"),
    `${valid.slice(0, -1)}q`,
    "x".repeat(5000),
    "nillion1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnrql8a",
    "\u0000",
  ]);
}

function denom(random: SeededRandom): string {
  return random.pick([
    "unil",
    "unil",
    "nil",
    "",
    "UNIL",
    "u",
    "x".repeat(200),
    "ibc/ABC",
    "a/b/c",
    "\u0000",
    "1unil",
  ]);
}

/** A string field, sometimes replaced by bytes that are not UTF-8 (a client not written in JavaScript sends those). */
function stringField(field: number, text: string, random: SeededRandom): Uint8Array {
  return random.chance(0.15) ? bytesField(field, NOT_UTF8) : bytesField(field, encoder.encode(text));
}

/** A short description of a request: its string fields, quoted (bytes that are not UTF-8 as hex). */
function describeRequest(message: Uint8Array): string {
  const parts = (parseFields(message) ?? [])
    .filter((field) => field.wireType === WIRE.bytes)
    .map((field) => {
      const value = message.subarray(field.valueStart, field.end);
      const text = new TextDecoder("utf-8", { fatal: false }).decode(value);
      const printable = /^[\x20-\x7e]*$/.test(text) && !text.includes("\ufffd");
      return `${field.field}=${printable ? JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text) : `0x${Buffer.from(value.subarray(0, 24)).toString("hex")}`}`;
    });
  return `{${parts.join(" ")}}`;
}

const METHODS: readonly Method[] = [
  {
    path: "/cosmos.auth.v1beta1.Query/Account",
    decode: (b) => QueryAccountRequest.decode(b),
    requests: (seeds, random) => stringField(1, address(seeds, random), random),
  },
  {
    path: "/cosmos.bank.v1beta1.Query/Balance",
    decode: (b) => QueryBalanceRequest.decode(b),
    requests: (seeds, random) =>
      concat(stringField(1, address(seeds, random), random), stringField(2, denom(random), random)),
  },
  {
    path: "/cosmos.bank.v1beta1.Query/AllBalances",
    decode: (b) => QueryAllBalancesRequest.decode(b),
    requests: (seeds, random) => stringField(1, address(seeds, random), random),
  },
  {
    path: "/cosmos.bank.v1beta1.Query/SupplyOf",
    decode: (b) => QuerySupplyOfRequest.decode(b),
    requests: (_seeds, random) => stringField(1, denom(random), random),
  },
  {
    path: "/cosmos.tx.v1beta1.Service/Simulate",
    decode: (b) => SimulateRequest.decode(b),
    requests: (seeds, random) => SimulateRequest.encode({ txBytes: tx(seeds, random) }).finish(),
  },
  {
    path: "/cosmos.tx.v1beta1.Service/GetTx",
    decode: (b) => GetTxRequest.decode(b),
    requests: (seeds, random) => {
      const hash = random.chance(0.5)
        ? random.pick([...seeds.txHashes, "00"])
        : random.pick(["", "0", "zz", "A".repeat(64), "a".repeat(63), "x".repeat(10_000)]);
      return stringField(1, hash, random);
    },
  },
  {
    path: "/cosmos.tx.v1beta1.Service/BroadcastTx",
    decode: (b) => BroadcastTxRequest.decode(b),
    requests: (seeds, random) => {
      const mode = random.pick([
        BroadcastMode.BROADCAST_MODE_SYNC,
        BroadcastMode.BROADCAST_MODE_ASYNC,
        0,
        2,
        99,
      ]);
      return concat(bytesField(1, tx(seeds, random)), varintField(2, mode));
    },
  },
];

function tx(seeds: ChainSeeds, random: SeededRandom): Uint8Array {
  const bytes = Buffer.from(random.pick(seeds.txs.length > 0 ? seeds.txs : [""]), "base64");
  return random.chance(0.5) ? bytes : mutateMessage(bytes, random).bytes;
}

/**
 * Draws input `index` of the chain-gRPC stream.
 *
 * @example
 * ```ts
 * const input = chainGrpcInput(seeds, 3, seededRandom(inputSeed(seed, "chain-grpc", 3)));
 * ```
 */
export function chainGrpcInput(seeds: ChainSeeds, index: number, random: SeededRandom): ChainGrpcInput {
  const unknown = random.chance(0.03);
  const method = random.pick(METHODS);
  const path = unknown
    ? random.pick([
        "/cosmos.bank.v1beta1.Query/Nope",
        "/no.Service/Call",
        "/",
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      ])
    : method.path;
  let message = method.requests(seeds, random);
  const labels = [`${path.split("/").slice(-2).join("/")} ${describeRequest(message)}`];
  if (random.chance(0.4)) {
    const mutated = mutateMessage(message, random);
    message = mutated.bytes;
    labels.push(mutated.label);
  }
  const framed = frameMessages([message], random);
  const contentType = random.chance(0.92)
    ? random.pick(["application/grpc", "application/grpc+proto"])
    : random.pick(["application/grpc-web+proto", "text/plain", "application/json", "application/grpc+json"]);
  const timeout = random.chance(0.05)
    ? { "grpc-timeout": random.pick(["1m", "garbage", "99999999H", "0n"]) }
    : {};
  labels.push(`${contentType} ${framed.label}`);
  return {
    id: `chain-grpc:${index}`,
    label: labels.join(", "),
    path,
    headers: {
      "content-type": contentType,
      te: "trailers",
      ...(framed.encoding ? { "grpc-encoding": framed.encoding } : {}),
      ...timeout,
    },
    body: framed.body,
    ...(framed.encoding ? { encoding: framed.encoding } : {}),
    ...(unknown ? {} : { decode: method.decode }),
  };
}
