// The genesis state: the module accounts nilchain's payments touch, then the funded accounts, each given
// the next account number in order and its balance minted into the supply.
import { createModuleAccount, hasAccount, newAccount, setAccount } from "./accounts.js";
import { mintTo } from "./bank.js";
import { readContext } from "./context.js";
import { DENOM, FEE_COLLECTOR_MODULE, META_MODULE } from "./params.js";
import { ChainState } from "./state.js";

/**
 * An account funded at genesis.
 *
 * @example
 * ```ts
 * import type { GenesisAccount } from "@nillion/devnet";
 *
 * const rich: GenesisAccount = { address: "nillion1…", amount: 5_000_000n }; // 5 NIL, in unil
 * ```
 */
export interface GenesisAccount {
  /** bech32 `nillion1…` address. */
  readonly address: string;
  /** Balance in unil. */
  readonly amount: bigint;
}

/** What a chain starts from; it is written to the data directory so that a restart replays the same chain. */
export interface Genesis {
  readonly chainId: string;
  readonly time: Date;
  readonly accounts: readonly GenesisAccount[];
}

/** The state at height 0. */
export function genesisState(genesis: Genesis): ChainState {
  const state = new ChainState();
  const ctx = readContext(state, genesis.chainId, 0);
  createModuleAccount(ctx, FEE_COLLECTOR_MODULE, []);
  createModuleAccount(ctx, META_MODULE, ["burner"]);
  for (const { address, amount } of genesis.accounts) {
    if (amount > 0n) mintTo(ctx, address, [{ denom: DENOM, amount }]);
    else if (!hasAccount(ctx, address)) setAccount(ctx, newAccount(ctx, address));
  }
  return state;
}
