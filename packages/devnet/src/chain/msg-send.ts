// cosmos.bank.v1beta1.MsgSend, as x/bank's msg server runs it in SDK v0.50. Not a payment: it lets a devnet
// move funds to fresh accounts with any Cosmos wallet. Its errors keep their SDK codes.
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { decodeAddress, encodeAddress, moduleAddress } from "./address.js";
import { sendCoins } from "./bank.js";
import { areValidCoins, type Coin, coinsToString, parseAmount } from "./coins.js";
import type { Context } from "./context.js";
import { ERR, type SdkError, sdkError } from "./errors.js";
import type { DecodedMessage } from "./message.js";
import { FEE_COLLECTOR_MODULE, META_MODULE } from "./params.js";

/** Type URL of a bank transfer. */
export const MSG_SEND_TYPE_URL = "/cosmos.bank.v1beta1.MsgSend";
const RESPONSE_TYPE_URL = "/cosmos.bank.v1beta1.MsgSendResponse";

// Module accounts may not receive funds through MsgSend (the app's blocked addresses).
const BLOCKED = new Set([moduleAddress(FEE_COLLECTOR_MODULE), moduleAddress(META_MODULE)]);

/** Decodes the `value` of a MsgSend Any. @throws {SdkError} for an amount `math.Int` cannot read */
export function decodeMsgSend(value: Uint8Array): DecodedMessage {
  const msg = MsgSend.decode(value);
  const amount: Coin[] = msg.amount.map((coin) => ({ denom: coin.denom, amount: parseAmount(coin.amount) }));
  return {
    typeUrl: MSG_SEND_TYPE_URL,
    signer: msg.fromAddress,
    execute: (ctx) => send(ctx, msg.fromAddress, msg.toAddress, amount),
  };
}

function send(ctx: Context, fromAddress: string, toAddress: string, amount: readonly Coin[]) {
  const from = address(fromAddress, "from");
  const to = address(toAddress, "to");
  if (!areValidCoins(amount)) throw sdkError(ERR.invalidCoins, coinsToString(amount));
  if (BLOCKED.has(to)) throw sdkError(ERR.unauthorized, `${toAddress} is not allowed to receive funds`);
  sendCoins(ctx, from, to, amount);
  return { typeUrl: RESPONSE_TYPE_URL, value: new Uint8Array() };
}

function address(text: string, role: "from" | "to"): string {
  try {
    return encodeAddress(decodeAddress(text));
  } catch (error) {
    throw sdkError(ERR.invalidAddress, `invalid ${role} address: ${(error as SdkError).message}`);
  }
}
