// What every step of tx processing sees: the state it may change (a branch), the gas meter of the tx, the
// events it emits, and the block it runs in.
import { EventManager } from "./events.js";
import { GasMeter } from "./gas.js";
import type { ChainState } from "./state.js";

/** CheckTx (mempool admission), Simulate (gas estimate, state thrown away), or DeliverTx (in a block). */
export type ExecMode = "check" | "simulate" | "deliver";

/** The SDK's `sdk.Context`, reduced to what this chain uses. */
export interface Context {
  readonly state: ChainState;
  readonly gas: GasMeter;
  readonly events: EventManager;
  /** Height of the block the tx runs in; CheckTx and Simulate see the last committed height. */
  readonly height: number;
  readonly chainId: string;
}

/** A context for reading committed state: no gas limit, events discarded. */
export function readContext(state: ChainState, chainId: string, height: number): Context {
  return { state, gas: new GasMeter(undefined), events: new EventManager(), height, chainId };
}
