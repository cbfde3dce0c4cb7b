// x/bank's keeper: balances, supply, transfers and burns, with the SDK's checks, error texts and events
// (coin_spent, coin_received, transfer, message, burn). Zero balances are deleted, as the SDK's invariants
// require.
import { getAccount, getModuleAccount, hasAccount, newAccount, setAccount } from "./accounts.js";
import { areValidCoins, type Coin, coinsToString, coinToString } from "./coins.js";
import type { Context } from "./context.js";
import { ERR, sdkError } from "./errors.js";
import { event } from "./events.js";
import { balanceKey } from "./state.js";

// Store key of a balance: prefix, length-prefixed 20-byte address, then the denom.
const BALANCE_KEY_OVERHEAD = 22;
const SUPPLY_KEY_OVERHEAD = 1;

/** The balance of `address` in `denom` (zero when there is none). */
export function getBalance(ctx: Context, address: string, denom: string): bigint {
  const amount = ctx.state.balances.get(balanceKey(address, denom)) ?? 0n;
  ctx.gas.read(BALANCE_KEY_OVERHEAD + denom.length, amount === 0n ? 0 : amount.toString().length);
  return amount;
}

function setBalance(ctx: Context, address: string, denom: string, amount: bigint): void {
  const key = balanceKey(address, denom);
  if (amount === 0n) {
    ctx.gas.remove();
    ctx.state.balances.delete(key);
    return;
  }
  ctx.gas.write(BALANCE_KEY_OVERHEAD + denom.length, amount.toString().length);
  ctx.state.balances.set(key, amount);
}

/** The total supply of `denom`. */
export function getSupply(ctx: Context, denom: string): bigint {
  const amount = ctx.state.supply.get(denom) ?? 0n;
  ctx.gas.read(SUPPLY_KEY_OVERHEAD + denom.length, amount.toString().length);
  return amount;
}

function setSupply(ctx: Context, denom: string, amount: bigint): void {
  if (amount === 0n) {
    ctx.gas.remove();
    ctx.state.supply.delete(denom);
    return;
  }
  ctx.gas.write(SUPPLY_KEY_OVERHEAD + denom.length, amount.toString().length);
  ctx.state.supply.set(denom, amount);
}

/** Takes `coins` from `address`, which must be able to spend them; emits `coin_spent`. */
function subUnlockedCoins(ctx: Context, address: string, coins: readonly Coin[]): void {
  if (!areValidCoins(coins)) throw sdkError(ERR.invalidCoins, coinsToString(coins));
  // The SDK asks the account whether it is a vesting account with locked coins; none is here.
  getAccount(ctx, address);
  for (const coin of coins) {
    const balance = getBalance(ctx, address, coin.denom);
    if (balance < coin.amount) {
      throw sdkError(
        ERR.insufficientFunds,
        `spendable balance ${balance}${coin.denom} is smaller than ${coinToString(coin)}`,
      );
    }
    setBalance(ctx, address, coin.denom, balance - coin.amount);
  }
  ctx.events.emit(event("coin_spent", ["spender", address], ["amount", coinsToString(coins)]));
}

/** Adds `coins` to `address`; emits `coin_received`. */
function addCoins(ctx: Context, address: string, coins: readonly Coin[]): void {
  if (!areValidCoins(coins)) throw sdkError(ERR.invalidCoins, coinsToString(coins));
  for (const coin of coins) {
    setBalance(ctx, address, coin.denom, getBalance(ctx, address, coin.denom) + coin.amount);
  }
  ctx.events.emit(event("coin_received", ["receiver", address], ["amount", coinsToString(coins)]));
}

/** Moves `coins` between accounts, creating the recipient's account if needed (`SendCoins`). */
export function sendCoins(ctx: Context, from: string, to: string, coins: readonly Coin[]): void {
  subUnlockedCoins(ctx, from, coins);
  addCoins(ctx, to, coins);
  if (!hasAccount(ctx, to)) setAccount(ctx, newAccount(ctx, to));
  ctx.events.emit(
    event("transfer", ["recipient", to], ["sender", from], ["amount", coinsToString(coins)]),
    event("message", ["sender", from]),
  );
}

/** `SendCoinsFromAccountToModule`. */
export function sendCoinsToModule(
  ctx: Context,
  from: string,
  moduleName: string,
  coins: readonly Coin[],
): void {
  const module = getModuleAccount(ctx, moduleName);
  sendCoins(ctx, from, module.address, coins);
}

/** Burns `coins` held by module `moduleName` (`BurnCoins`; only `meta`, a burner, calls it). */
export function burnCoins(ctx: Context, moduleName: string, coins: readonly Coin[]): void {
  const module = getModuleAccount(ctx, moduleName);
  if (!areValidCoins(coins)) throw sdkError(ERR.invalidCoins, coinsToString(coins));
  subUnlockedCoins(ctx, module.address, coins);
  for (const coin of coins) setSupply(ctx, coin.denom, getSupply(ctx, coin.denom) - coin.amount);
  ctx.events.emit(event("burn", ["burner", module.address], ["amount", coinsToString(coins)]));
}

/** Creates `coins` in `address`, raising the supply: genesis balances and the test faucet. */
export function mintTo(ctx: Context, address: string, coins: readonly Coin[]): void {
  for (const coin of coins) setSupply(ctx, coin.denom, getSupply(ctx, coin.denom) + coin.amount);
  addCoins(ctx, address, coins);
  if (!hasAccount(ctx, address)) setAccount(ctx, newAccount(ctx, address));
}

/** Every non-zero balance of `address`, sorted by denom (the AllBalances query). */
export function allBalances(ctx: Context, address: string): Coin[] {
  const prefix = `${address}/`;
  const coins: Coin[] = [];
  for (const [key, amount] of ctx.state.balances.entries()) {
    if (key.startsWith(prefix)) coins.push({ denom: key.slice(prefix.length), amount });
  }
  return coins.sort((a, b) => (a.denom < b.denom ? -1 : a.denom > b.denom ? 1 : 0));
}
