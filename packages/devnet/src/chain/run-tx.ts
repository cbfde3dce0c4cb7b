// baseapp's runTx: decode, ante handler on a branch (kept when it passes), then, in Simulate and DeliverTx,
// the messages on another branch (kept only when all pass). CheckTx stops after the ante handler, as SDK
// v0.50 does, so an underfunded zero-fee payment enters the mempool and fails only in its block.
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import type { Any } from "cosmjs-types/google/protobuf/any";
import { decodeAddress, encodeAddress } from "./address.js";
import { anteHandle } from "./ante.js";
import type { Context, ExecMode } from "./context.js";
import { abciInfo, ERR, SdkError, sdkError, wrapError } from "./errors.js";
import { type ChainEvent, EventManager, event } from "./events.js";
import { GasMeter, OutOfGasError } from "./gas.js";
import type { ChainState } from "./state.js";
import { decodeTx } from "./tx-decoder.js";

/** The outcome of one tx in one mode: what CheckTx, Simulate and a block report for it. */
export interface TxResult {
  readonly code: number;
  readonly codespace: string;
  readonly log: string;
  readonly gasWanted: bigint;
  readonly gasUsed: bigint;
  readonly events: readonly ChainEvent[];
  /** Encoded `TxMsgData` after messages ran (Simulate, DeliverTx); empty otherwise. */
  readonly data: Uint8Array;
  readonly msgResponses: readonly Any[];
}

/** A result and, when it failed, the unredacted error (Simulate reports its full text). */
export interface TxOutcome {
  readonly result: TxResult;
  readonly error: SdkError | undefined;
}

/** Where a tx runs: the state it may change, the block height and the chain id. */
export interface TxEnvironment {
  readonly state: ChainState;
  readonly height: number;
  readonly chainId: string;
}

/**
 * Runs `txBytes` in `mode` against `env.state`. Ante changes reach `env.state` when the ante handler
 * passes; message changes reach it only when every message succeeds (and never in CheckTx).
 */
export function runTx(env: TxEnvironment, mode: ExecMode, txBytes: Uint8Array): TxOutcome {
  let tx: ReturnType<typeof decodeTx>;
  try {
    tx = decodeTx(txBytes);
  } catch (error) {
    return failed(asSdkError(error, undefined), 0n, 0n, []);
  }
  if (tx.messages.length === 0) {
    return failed(sdkError(ERR.invalidRequest, "must contain at least one message"), 0n, 0n, []);
  }
  const gas = new GasMeter(mode === "simulate" ? undefined : (tx.fee?.gasLimit ?? 0n));
  const ante: Context = {
    state: env.state.branch(),
    gas,
    events: new EventManager(),
    height: env.height,
    chainId: env.chainId,
  };
  try {
    anteHandle(ante, tx, mode === "simulate");
  } catch (error) {
    return failed(asSdkError(error, gas), gas.wanted, gas.consumed, []);
  }
  ante.state.write();
  const anteEvents = ante.events.events;
  if (mode === "check") return succeeded(gas, [], [], new Uint8Array());

  const messages: Context = { ...ante, state: env.state.branch(), events: new EventManager() };
  const events: ChainEvent[] = [];
  const responses: Any[] = [];
  try {
    tx.messages.forEach((message, index) => {
      const own = new EventManager();
      let response: Any;
      try {
        response = message.execute({ ...messages, events: own });
      } catch (error) {
        if (error instanceof SdkError)
          throw wrapError(error, `failed to execute message; message index: ${index}`);
        throw error;
      }
      events.push(...messageEvents(message.typeUrl, message.signer, own.events, index));
      responses.push(response);
    });
  } catch (error) {
    return failed(asSdkError(error, gas), gas.wanted, gas.consumed, anteEvents);
  }
  messages.state.write();
  const data = TxMsgData.encode({ data: [], msgResponses: responses }).finish();
  return succeeded(gas, [...anteEvents, ...events], responses, data);
}

// baseapp's createEvents: a `message` event naming the action, the first signer and (unless the handler
// named one) the module taken from the type URL, then the handler's events, all tagged with msg_index.
function messageEvents(
  typeUrl: string,
  signer: string,
  own: readonly ChainEvent[],
  index: number,
): ChainEvent[] {
  const attributes: Array<readonly [string, string]> = [
    ["action", typeUrl],
    ["sender", encodeAddress(decodeAddress(signer))],
  ];
  const module = typeUrl.split(".")[1];
  const named = own.some((e) => e.attributes.some((attribute) => attribute.key === "module"));
  if (!named && module !== undefined) attributes.push(["module", module]);
  const msgIndex = { key: "msg_index", value: String(index), index: true };
  return [event("message", ...attributes), ...own].map((e) => ({
    ...e,
    attributes: [...e.attributes, msgIndex],
  }));
}

function asSdkError(error: unknown, gas: GasMeter | undefined): SdkError {
  if (error instanceof SdkError) return error;
  if (error instanceof OutOfGasError && gas !== undefined) {
    return sdkError(
      ERR.outOfGas,
      `out of gas in location: ${error.descriptor}; gasWanted: ${gas.wanted}, gasUsed: ${gas.consumed}`,
    );
  }
  throw error;
}

function failed(
  error: SdkError,
  gasWanted: bigint,
  gasUsed: bigint,
  events: readonly ChainEvent[],
): TxOutcome {
  const { code, codespace, log } = abciInfo(error);
  return {
    result: { code, codespace, log, gasWanted, gasUsed, events, data: new Uint8Array(), msgResponses: [] },
    error,
  };
}

function succeeded(
  gas: GasMeter,
  events: readonly ChainEvent[],
  msgResponses: readonly Any[],
  data: Uint8Array,
): TxOutcome {
  return {
    result: {
      code: 0,
      codespace: "",
      log: "",
      gasWanted: gas.wanted,
      gasUsed: gas.consumed,
      events,
      data,
      msgResponses,
    },
    error: undefined,
  };
}
