// nillion.meta.v1.MsgPayFor, executed as nilchain's x/meta does it: move the amount from the payer to the
// `meta` module account, burn it, and store the resource under (payer, SHA-256(resource)). Paying twice
// for the same resource succeeds; replay protection lives in the nilvm nodes. The handler wraps every
// failure with `fmt.Errorf("…: %w")`, so a failed payment carries no SDK code (see errors.ts).
import { fromBinary } from "@bufbuild/protobuf";
import { MsgPayForSchema } from "@nillion/proto/nillion/meta/v1/tx";
import { bytesToHex } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { decodeAddress, encodeAddress } from "./address.js";
import { burnCoins, sendCoinsToModule } from "./bank.js";
import { type Coin, parseAmount } from "./coins.js";
import type { Context } from "./context.js";
import { plainError, SdkError } from "./errors.js";
import type { DecodedMessage } from "./message.js";
import { META_MODULE } from "./params.js";

/** Type URL of the payment message. */
export const MSG_PAY_FOR_TYPE_URL = "/nillion.meta.v1.MsgPayFor";
const RESPONSE_TYPE_URL = "/nillion.meta.v1.MsgPayForResponse";

// Store key of a resource: prefix, length-prefixed payer address, SHA-256 of the resource.
const RESOURCE_KEY_LENGTH = 54;

/** Decodes the `value` of a MsgPayFor Any. @throws {SdkError} for an amount `math.Int` cannot read */
export function decodeMsgPayFor(value: Uint8Array): DecodedMessage {
  const msg = fromBinary(MsgPayForSchema, value);
  const amount: Coin[] = msg.amount.map((coin) => ({ denom: coin.denom, amount: parseAmount(coin.amount) }));
  return {
    typeUrl: MSG_PAY_FOR_TYPE_URL,
    signer: msg.fromAddress,
    execute: (ctx) => payFor(ctx, msg.fromAddress, amount, msg.resource),
  };
}

function payFor(ctx: Context, fromAddress: string, amount: readonly Coin[], resource: Uint8Array) {
  const from = wrapped("invalid address", () => encodeAddress(decodeAddress(fromAddress)));
  wrapped("failed to send coins", () => sendCoinsToModule(ctx, from, META_MODULE, amount));
  wrapped("failed to burn coins", () => burnCoins(ctx, META_MODULE, amount));
  ctx.gas.write(RESOURCE_KEY_LENGTH, resource.length);
  ctx.state.resources.set(`${from}/${bytesToHex(sha256(resource))}`, resource);
  return { typeUrl: RESPONSE_TYPE_URL, value: new Uint8Array() };
}

function wrapped<T>(text: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw error instanceof SdkError ? plainError(text, error) : error;
  }
}
