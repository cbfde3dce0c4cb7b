// The few Cosmos SDK messages a payment needs (cosmos.tx.v1beta1, auth and bank queries), written with
// protobuf-es's wire primitives. Generated Cosmos types (cosmjs-types) weigh close to a megabyte in a
// browser bundle; these take a few hundred bytes. Fields are written in field order and zero values are
// left out, as Go's encoder does: the chain re-encodes the SignDoc itself to check a signature.
import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

/** `google.protobuf.Any`. */
export interface AnyMessage {
  readonly typeUrl: string;
  readonly value: Uint8Array;
}

/** `cosmos.base.v1beta1.Coin`. */
export interface Coin {
  readonly denom: string;
  readonly amount: string;
}

/** What `AuthInfo` says of the one signer and the fee. */
export interface AuthInfoFields {
  /** Compressed secp256k1 public key, 33 bytes. */
  readonly publicKey: Uint8Array;
  readonly sequence: bigint;
  /** `SIGN_MODE_DIRECT` (1) to sign; `SIGN_MODE_UNSPECIFIED` (0) in a simulation. */
  readonly signMode: number;
  /** Left out in a simulation, as cosmjs does: the fee is what is being estimated. */
  readonly fee?: { readonly amount: readonly Coin[]; readonly gasLimit: bigint };
}

const SECP256K1_PUBKEY_TYPE_URL = "/cosmos.crypto.secp256k1.PubKey";
const BASE_ACCOUNT_TYPE_URL = "/cosmos.auth.v1beta1.BaseAccount";
export const SIGN_MODE_DIRECT = 1;
export const SIGN_MODE_UNSPECIFIED = 0;

type Write = (writer: BinaryWriter) => void;

function message(...fields: Write[]): Uint8Array {
  const writer = new BinaryWriter();
  for (const field of fields) field(writer);
  return writer.finish();
}

const bytesField =
  (no: number, value: Uint8Array): Write =>
  (w) => {
    if (value.length > 0) w.tag(no, WireType.LengthDelimited).bytes(value);
  };
const stringField =
  (no: number, value: string): Write =>
  (w) => {
    if (value !== "") w.tag(no, WireType.LengthDelimited).string(value);
  };
const uint64Field =
  (no: number, value: bigint): Write =>
  (w) => {
    if (value !== 0n) w.tag(no, WireType.Varint).uint64(value);
  };
// A sub-message is written even when empty: presence is what distinguishes it from "absent".
const messageField =
  (no: number, value: Uint8Array): Write =>
  (w) => {
    w.tag(no, WireType.LengthDelimited).bytes(value);
  };

const encodeAny = (any: AnyMessage) => message(stringField(1, any.typeUrl), bytesField(2, any.value));
const encodeCoin = (coin: Coin) => message(stringField(1, coin.denom), stringField(2, coin.amount));

/** `cosmos.tx.v1beta1.TxBody` with messages and memo. */
export function encodeTxBody(messages: readonly AnyMessage[], memo: string): Uint8Array {
  return message(...messages.map((m) => messageField(1, encodeAny(m))), stringField(2, memo));
}

/** `cosmos.tx.v1beta1.AuthInfo` for one secp256k1 signer in single-signer mode. */
export function encodeAuthInfo(fields: AuthInfoFields): Uint8Array {
  const publicKey = encodeAny({
    typeUrl: SECP256K1_PUBKEY_TYPE_URL,
    value: message(bytesField(1, fields.publicKey)),
  });
  const single = message(uint64Field(1, BigInt(fields.signMode)));
  const modeInfo = message(messageField(1, single));
  const signerInfo = message(
    messageField(1, publicKey),
    messageField(2, modeInfo),
    uint64Field(3, fields.sequence),
  );
  const fee = fields.fee;
  return message(
    messageField(1, signerInfo),
    messageField(
      2,
      fee === undefined
        ? new Uint8Array()
        : message(...fee.amount.map((c) => messageField(1, encodeCoin(c))), uint64Field(2, fee.gasLimit)),
    ),
  );
}

/** `cosmos.tx.v1beta1.SignDoc`: what SIGN_MODE_DIRECT signs. */
export function encodeSignDoc(
  bodyBytes: Uint8Array,
  authInfoBytes: Uint8Array,
  chainId: string,
  accountNumber: bigint,
): Uint8Array {
  return message(
    bytesField(1, bodyBytes),
    bytesField(2, authInfoBytes),
    stringField(3, chainId),
    uint64Field(4, accountNumber),
  );
}

/** `cosmos.tx.v1beta1.TxRaw`: the bytes that are broadcast. A signature is written even when empty. */
export function encodeTxRaw(
  bodyBytes: Uint8Array,
  authInfoBytes: Uint8Array,
  signatures: readonly Uint8Array[],
): Uint8Array {
  return message(
    bytesField(1, bodyBytes),
    bytesField(2, authInfoBytes),
    ...signatures.map((s) => messageField(3, s)),
  );
}

/** `cosmos.tx.v1beta1.SimulateRequest` with `tx_bytes`. */
export const encodeSimulateRequest = (txBytes: Uint8Array) => message(bytesField(2, txBytes));
/** `cosmos.auth.v1beta1.QueryAccountRequest`. */
export const encodeAccountRequest = (address: string) => message(stringField(1, address));
/** `cosmos.bank.v1beta1.QueryBalanceRequest`. */
export const encodeBalanceRequest = (address: string, denom: string) =>
  message(stringField(1, address), stringField(2, denom));

/** Calls `onField` for each field of a message; skips what it does not read. */
function readFields(bytes: Uint8Array, onField: (no: number, reader: BinaryReader) => boolean): void {
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag();
    if (!onField(no, reader)) reader.skip(wireType);
  }
}

const toBigInt = (value: bigint | string) => BigInt(value);

/** `gas_info.gas_used` of a `cosmos.tx.v1beta1.SimulateResponse`. */
export function decodeSimulateGasUsed(bytes: Uint8Array): bigint {
  let gasUsed = 0n;
  readFields(bytes, (no, r) => {
    if (no !== 1) return false;
    readFields(r.bytes(), (inner, g) => {
      if (inner !== 2) return false;
      gasUsed = toBigInt(g.uint64());
      return true;
    });
    return true;
  });
  return gasUsed;
}

/** Account number and sequence of a `QueryAccountResponse` holding a `BaseAccount`. */
export function decodeBaseAccount(bytes: Uint8Array): { accountNumber: bigint; sequence: bigint } {
  let any: AnyMessage = { typeUrl: "", value: new Uint8Array() };
  readFields(bytes, (no, r) => {
    if (no !== 1) return false;
    let typeUrl = "";
    let value: Uint8Array = new Uint8Array();
    readFields(r.bytes(), (field, a) => {
      if (field === 1) typeUrl = a.string();
      else if (field === 2) value = a.bytes();
      else return false;
      return true;
    });
    any = { typeUrl, value };
    return true;
  });
  if (any.typeUrl !== BASE_ACCOUNT_TYPE_URL) {
    throw new Error(`the chain holds the wallet as a ${any.typeUrl || "nothing"}, not a BaseAccount`);
  }
  let accountNumber = 0n;
  let sequence = 0n;
  readFields(any.value, (no, r) => {
    if (no === 3) accountNumber = toBigInt(r.uint64());
    else if (no === 4) sequence = toBigInt(r.uint64());
    else return false;
    return true;
  });
  return { accountNumber, sequence };
}

/** The amount of a `QueryBalanceResponse`'s coin (0 when the chain returns none). */
export function decodeBalanceAmount(bytes: Uint8Array): string {
  let amount = "0";
  readFields(bytes, (no, r) => {
    if (no !== 1) return false;
    readFields(r.bytes(), (field, c) => {
      if (field !== 2) return false;
      amount = c.string();
      return true;
    });
    return true;
  });
  return amount;
}
