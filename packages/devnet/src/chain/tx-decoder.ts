// The SDK's tx decoder (x/auth/tx `DefaultTxDecoder`): TxRaw, TxBody and AuthInfo, each checked for
// unknown fields before it is read, then the messages. Whatever it refuses is a tx parse error (code 2).

import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { AuthInfo, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { Any } from "cosmjs-types/google/protobuf/any";
import { SECP256K1_PUBKEY_TYPE_URL } from "./accounts.js";
import { type Coin, parseAmount } from "./coins.js";
import { ERR, SdkError, sdkError } from "./errors.js";
import type { DecodedMessage } from "./message.js";
import { decodeMsgPayFor, MSG_PAY_FOR_TYPE_URL } from "./msg-pay-for.js";
import { decodeMsgSend, MSG_SEND_TYPE_URL } from "./msg-send.js";
import { adr027Violation, unknownFieldViolation } from "./unknown-fields.js";

const MESSAGE_DECODERS: Readonly<Record<string, (value: Uint8Array) => DecodedMessage>> = {
  [MSG_PAY_FOR_TYPE_URL]: decodeMsgPayFor,
  [MSG_SEND_TYPE_URL]: decodeMsgSend,
};

/** How a signer signed: SIGN_MODE_* of a single key, a multisig, or nothing (simulation). */
export type SignMode =
  | { readonly kind: "single"; readonly mode: number }
  | { readonly kind: "multi" }
  | undefined;

/** One `SignerInfo` of AuthInfo. */
export interface DecodedSigner {
  /** The compressed secp256k1 key, if the signer sent one. */
  readonly publicKey: Uint8Array | undefined;
  readonly mode: SignMode;
  readonly sequence: bigint;
}

/** AuthInfo's fee. */
export interface DecodedFee {
  readonly amount: readonly Coin[];
  /** A coin without an amount (`math.Int` nil), which the SDK reports as a null fee. */
  readonly hasNilAmount: boolean;
  readonly gasLimit: bigint;
  readonly payer: string;
  readonly granter: string;
}

/** A transaction as the ante handler and the message router see it. */
export interface DecodedTx {
  /** The TxRaw bytes as broadcast: what the hash and the gas for size are computed from. */
  readonly bytes: Uint8Array;
  /** Signed as they are, never re-encoded. */
  readonly bodyBytes: Uint8Array;
  readonly authInfoBytes: Uint8Array;
  readonly signatures: readonly Uint8Array[];
  readonly messages: readonly DecodedMessage[];
  readonly memo: string;
  readonly timeoutHeight: bigint;
  readonly extensionOptions: readonly Any[];
  readonly signers: readonly DecodedSigner[];
  /** Undefined when AuthInfo has no fee. */
  readonly fee: DecodedFee | undefined;
}

/**
 * Decodes `bytes` as a TxRaw.
 *
 * @throws {SdkError} `tx parse error` (code 2) with the SDK's reason
 */
export function decodeTx(bytes: Uint8Array): DecodedTx {
  const violation = adr027Violation(bytes) ?? unknownFieldViolation(bytes, "cosmos.tx.v1beta1.TxRaw", false);
  if (violation !== undefined) throw sdkError(ERR.txDecode, violation);
  const raw = TxRaw.decode(bytes);
  const bodyViolation = unknownFieldViolation(raw.bodyBytes, "cosmos.tx.v1beta1.TxBody", true);
  if (bodyViolation !== undefined) throw sdkError(ERR.txDecode, bodyViolation);
  const authInfoViolation = unknownFieldViolation(raw.authInfoBytes, "cosmos.tx.v1beta1.AuthInfo", false);
  if (authInfoViolation !== undefined) throw sdkError(ERR.txDecode, authInfoViolation);
  try {
    return readTx(bytes, raw);
  } catch (error) {
    if (error instanceof SdkError && error.registered !== undefined) throw error;
    // Whatever else fails here is the content of a well-formed encoding (an amount `math.Int` cannot
    // read, a value the protobuf reader refuses): the SDK's unmarshal fails the same way.
    throw sdkError(ERR.txDecode, (error as Error).message);
  }
}

function readTx(bytes: Uint8Array, raw: TxRaw): DecodedTx {
  const body = TxBody.decode(raw.bodyBytes);
  const authInfo = AuthInfo.decode(raw.authInfoBytes);
  return {
    bytes,
    bodyBytes: raw.bodyBytes,
    authInfoBytes: raw.authInfoBytes,
    signatures: raw.signatures,
    messages: body.messages.map((message) => decodeMessage(message)),
    memo: body.memo,
    timeoutHeight: body.timeoutHeight,
    extensionOptions: body.extensionOptions,
    signers: authInfo.signerInfos.map((info) => ({
      publicKey: info.publicKey === undefined ? undefined : decodePublicKey(info.publicKey),
      mode: signMode(info.modeInfo),
      sequence: info.sequence,
    })),
    fee:
      authInfo.fee === undefined
        ? undefined
        : {
            amount: authInfo.fee.amount.map((coin) => ({
              denom: coin.denom,
              amount: parseAmount(coin.amount),
            })),
            hasNilAmount: authInfo.fee.amount.some((coin) => coin.amount === ""),
            gasLimit: authInfo.fee.gasLimit,
            payer: authInfo.fee.payer,
            granter: authInfo.fee.granter,
          },
  };
}

// The unknown-field walk resolved every Any already, but a resolvable type may sit where another
// interface is expected (a public key as a message, or the reverse).
function decodeMessage(message: Any): DecodedMessage {
  const decoder = MESSAGE_DECODERS[message.typeUrl];
  if (decoder === undefined) throw notImplementing(message.typeUrl, "*types.Msg");
  return decoder(message.value);
}

function decodePublicKey(key: Any): Uint8Array {
  if (key.typeUrl !== SECP256K1_PUBKEY_TYPE_URL) throw notImplementing(key.typeUrl, "*types.PubKey");
  return PubKey.decode(key.value).key;
}

function notImplementing(typeUrl: string, goInterface: string): SdkError {
  return sdkError(
    ERR.txDecode,
    `no concrete type registered for type URL ${typeUrl} against interface ${goInterface}`,
  );
}

function signMode(info: AuthInfo["signerInfos"][number]["modeInfo"]): SignMode {
  if (info?.single !== undefined) return { kind: "single", mode: info.single.mode };
  if (info?.multi !== undefined) return { kind: "multi" };
  return undefined;
}
