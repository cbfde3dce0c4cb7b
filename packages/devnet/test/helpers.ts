// Shared test fixtures: chains on ephemeral ports, hand-built Cosmos txs (so a test can get any field
// wrong on purpose), a MsgPayFor codec for cosmjs registries, and a raw JSON-RPC caller.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { PrivateKey } from "@nillion/crypto";
import { MsgPayForSchema } from "@nillion/proto/nillion/meta/v1/tx";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { AuthInfo, SignDoc, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { Any } from "cosmjs-types/google/protobuf/any";
import { NilChain, type NilChainOptions } from "../src/index.js";

export const PAY_FOR_TYPE_URL = "/nillion.meta.v1.MsgPayFor";

/** Starts a chain on ephemeral ports with fast blocks. */
export function startTestChain(options: NilChainOptions = {}): Promise<NilChain> {
  return NilChain.start({ rpcPort: 0, proxyPort: 0, grpcPort: 0, blockIntervalMs: 10, ...options });
}

/**
 * The `GeneratedType` a cosmjs `Registry` needs for MsgPayFor, built on the @nillion/proto schema. It
 * accepts the cosmjs-shaped value `{ resource, fromAddress, amount: [{ denom, amount }] }`.
 */
export const MsgPayForType = {
  encode: (message: PayForValue) => ({
    finish: () => toBinary(MsgPayForSchema, create(MsgPayForSchema, message)),
  }),
  decode: (bytes: Uint8Array) => fromBinary(MsgPayForSchema, bytes),
  fromPartial: (object: PayForValue) => object,
};

export interface PayForValue {
  resource: Uint8Array;
  fromAddress: string;
  amount: Array<{ denom: string; amount: string }>;
}

/** A MsgPayFor for cosmjs's `signAndBroadcast`. */
export function payFor(fromAddress: string, amount: bigint | string, resource = randomResource()) {
  return {
    typeUrl: PAY_FOR_TYPE_URL,
    value: {
      resource,
      fromAddress,
      amount: [{ denom: "unil", amount: String(amount) }],
    } satisfies PayForValue,
  };
}

/** A MsgPayFor packed in an Any, for hand-built txs. */
export function payForAny(fromAddress: string, amount: bigint | string, resource = randomResource()): Any {
  const value = toBinary(
    MsgPayForSchema,
    create(MsgPayForSchema, { resource, fromAddress, amount: [{ denom: "unil", amount: String(amount) }] }),
  );
  return { typeUrl: PAY_FOR_TYPE_URL, value };
}

export function randomResource(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

/** Everything a signed tx is made of; tests override single fields to break it. */
export interface TxSpec {
  key: PrivateKey;
  messages: Any[];
  accountNumber: bigint;
  sequence: bigint;
  chainId?: string;
  gasLimit?: bigint;
  fee?: Array<{ denom: string; amount: string }>;
  memo?: string;
  timeoutHeight?: bigint;
  signMode?: SignMode;
  /** The key put in SignerInfo; null leaves it out. Defaults to the signing key's. */
  publicKey?: Uint8Array | null;
  /** Replaces the signature after signing. */
  tamper?: (signature: Uint8Array) => Uint8Array;
}

/** Builds and SIGN_MODE_DIRECT-signs a TxRaw, as cosmjs's DirectSecp256k1Wallet would. */
export function signTx(spec: TxSpec): Uint8Array {
  const bodyBytes = TxBody.encode(
    TxBody.fromPartial({
      messages: spec.messages,
      memo: spec.memo ?? "",
      timeoutHeight: spec.timeoutHeight ?? 0n,
    }),
  ).finish();
  const publicKey = spec.publicKey === undefined ? spec.key.publicKey : spec.publicKey;
  const authInfoBytes = AuthInfo.encode(
    AuthInfo.fromPartial({
      signerInfos: [
        {
          ...(publicKey === null
            ? {}
            : {
                publicKey: {
                  typeUrl: "/cosmos.crypto.secp256k1.PubKey",
                  value: PubKey.encode({ key: publicKey }).finish(),
                },
              }),
          modeInfo: { single: { mode: spec.signMode ?? SignMode.SIGN_MODE_DIRECT } },
          sequence: spec.sequence,
        },
      ],
      fee: { amount: spec.fee ?? [{ denom: "unil", amount: "0" }], gasLimit: spec.gasLimit ?? 200_000n },
    }),
  ).finish();
  const signDoc = SignDoc.encode({
    bodyBytes,
    authInfoBytes,
    chainId: spec.chainId ?? "nillion-chain-devnet",
    accountNumber: spec.accountNumber,
  }).finish();
  const signature = spec.key.sign(signDoc);
  return TxRaw.encode({
    bodyBytes,
    authInfoBytes,
    signatures: [spec.tamper?.(signature) ?? signature],
  }).finish();
}

/** The malleable twin of a low-S signature: same r, s replaced by n − s. Still a valid ECDSA signature. */
export function highS(signature: Uint8Array): Uint8Array {
  const n = secp256k1.Point.CURVE().n;
  const s = BigInt(`0x${Buffer.from(signature.subarray(32)).toString("hex")}`);
  const twin = Buffer.from((n - s).toString(16).padStart(64, "0"), "hex");
  return Uint8Array.from([...signature.subarray(0, 32), ...twin]);
}

/** The devnet key `i` as a @nillion/crypto key. */
export function devnetKey(chain: NilChain, i: number): { key: PrivateKey; address: string } {
  const entry = chain.keys[i];
  if (entry === undefined) throw new Error(`no devnet key ${i}`);
  return { key: PrivateKey.fromHex(entry.privateKey), address: entry.address };
}

/** A JSON-RPC reply with its HTTP status. */
export interface RpcReply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes from the server
  body: any;
  headers: Headers;
}

/** POSTs `body` (an object, or raw text) to `url`. */
export async function post(url: string, body: unknown): Promise<RpcReply> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === "" ? undefined : JSON.parse(text),
    headers: response.headers,
  };
}

/** Calls one JSON-RPC method and returns the reply. */
export function rpc(
  url: string,
  method: string,
  params: unknown = {},
  id: string | number = 1,
): Promise<RpcReply> {
  return post(url, { jsonrpc: "2.0", id, method, params });
}

/** broadcast_tx_sync of raw tx bytes; returns the JSON-RPC result (or error). */
export async function broadcast(url: string, tx: Uint8Array) {
  const { body } = await rpc(url, "broadcast_tx_sync", { tx: Buffer.from(tx).toString("base64") });
  return body;
}

/**
 * Signs a MsgPayFor from devnet key `keyIndex` (account number `keyIndex + 2`: the two module accounts come
 * first), broadcasts it with `broadcast_tx_sync` and waits for its block. Returns the tx hash.
 */
export async function broadcastPayment(
  chain: NilChain,
  payment: { keyIndex: number; sequence: bigint; amount: bigint; resource?: Uint8Array },
): Promise<string> {
  const key = chain.keys[payment.keyIndex];
  if (!key) throw new Error(`no devnet key ${payment.keyIndex}`);
  const tx = signTx({
    key: PrivateKey.fromHex(key.privateKey),
    messages: [payForAny(key.address, payment.amount, payment.resource)],
    accountNumber: BigInt(payment.keyIndex + 2),
    sequence: payment.sequence,
  });
  const response = await fetch(chain.urls.rpc, {
    method: "POST",
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "broadcast_tx_sync",
      params: { tx: Buffer.from(tx).toString("base64") },
    }),
  });
  const { result } = (await response.json()) as { result: { hash: string; code: number; log: string } };
  if (result.code !== 0) throw new Error(`broadcast refused: ${result.log}`);
  await chain.waitForTx(result.hash);
  return result.hash;
}
