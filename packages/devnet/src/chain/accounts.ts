// x/auth's account keeper: accounts by address, account numbers handed out in order, the pubkey an account
// gets from its first signed tx, and module accounts. Every access is charged to the context's gas meter.

import { BaseAccount, ModuleAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import type { Any } from "cosmjs-types/google/protobuf/any";
import { moduleAddress } from "./address.js";
import type { Context } from "./context.js";
import type { AccountRecord } from "./state.js";

/** Type URL of the only public key type this chain verifies. */
export const SECP256K1_PUBKEY_TYPE_URL = "/cosmos.crypto.secp256k1.PubKey";

// Store key of an account: a one-byte prefix and the 20 address bytes.
const ACCOUNT_KEY_LENGTH = 21;
// The account-number sequence lives under a one-byte key and holds a small varint.
const SEQUENCE_KEY_LENGTH = 1;
const SEQUENCE_VALUE_LENGTH = 8;

// Gas depends on the stored size of an account; records are immutable, so it is computed once each.
const storedSizes = new WeakMap<AccountRecord, number>();

function storedSize(account: AccountRecord): number {
  let size = storedSizes.get(account);
  if (size === undefined) {
    size = accountToAny(account).value.length;
    storedSizes.set(account, size);
  }
  return size;
}

/** The account at `address`, if it exists. */
export function getAccount(ctx: Context, address: string): AccountRecord | undefined {
  const account = ctx.state.accounts.get(address);
  ctx.gas.read(ACCOUNT_KEY_LENGTH, account === undefined ? 0 : storedSize(account));
  return account;
}

/** Stores `account`, replacing what was at its address. */
export function setAccount(ctx: Context, account: AccountRecord): void {
  ctx.gas.write(ACCOUNT_KEY_LENGTH, storedSize(account));
  ctx.state.accounts.set(account.address, account);
}

/** Whether an account exists at `address`. */
export function hasAccount(ctx: Context, address: string): boolean {
  ctx.gas.has();
  return ctx.state.accounts.get(address) !== undefined;
}

/** A new base account at `address` with the next account number (not stored yet). */
export function newAccount(ctx: Context, address: string): AccountRecord {
  return {
    address,
    accountNumber: nextAccountNumber(ctx),
    sequence: 0n,
    pubKey: undefined,
    module: undefined,
  };
}

/** Creates the module account `name` with `permissions` (genesis). */
export function createModuleAccount(
  ctx: Context,
  name: string,
  permissions: readonly string[],
): AccountRecord {
  const account: AccountRecord = {
    address: moduleAddress(name),
    accountNumber: nextAccountNumber(ctx),
    sequence: 0n,
    pubKey: undefined,
    module: { name, permissions },
  };
  setAccount(ctx, account);
  return account;
}

/** The module account `name`; module accounts are created at genesis, so it always exists. */
export function getModuleAccount(ctx: Context, name: string): AccountRecord {
  const account = getAccount(ctx, moduleAddress(name));
  if (account?.module === undefined) throw new Error(`module account ${name} does not exist`);
  return account;
}

function nextAccountNumber(ctx: Context): bigint {
  ctx.gas.read(SEQUENCE_KEY_LENGTH, SEQUENCE_VALUE_LENGTH);
  const next = ctx.state.nextAccountNumber.get("") ?? 0n;
  ctx.gas.write(SEQUENCE_KEY_LENGTH, SEQUENCE_VALUE_LENGTH);
  ctx.state.nextAccountNumber.set("", next + 1n);
  return next;
}

/** An account as the auth query service returns it: a BaseAccount, or a ModuleAccount, in an Any. */
export function accountToAny(account: AccountRecord): Any {
  const base: BaseAccount = {
    address: account.address,
    accountNumber: account.accountNumber,
    sequence: account.sequence,
    ...(account.pubKey === undefined ? {} : { pubKey: pubKeyToAny(account.pubKey) }),
  };
  if (account.module === undefined) {
    return { typeUrl: BaseAccount.typeUrl, value: BaseAccount.encode(base).finish() };
  }
  const module: ModuleAccount = {
    baseAccount: base,
    name: account.module.name,
    permissions: [...account.module.permissions],
  };
  return { typeUrl: ModuleAccount.typeUrl, value: ModuleAccount.encode(module).finish() };
}

/** A compressed secp256k1 key in its Any wrapper. */
export function pubKeyToAny(key: Uint8Array): Any {
  return { typeUrl: SECP256K1_PUBKEY_TYPE_URL, value: PubKey.encode({ key }).finish() };
}
