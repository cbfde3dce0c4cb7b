import type { DevnetKey, NilChain } from "@nillion/devnet";
import { type ChainNetwork, NilChainPayer } from "@nillion/payments";
import { PaymentError } from "@nillion/types";

/**
 * A funded chain wallet of the suite's own, to pay from. Reading a wallet's txs back from the chain's index
 * is another job (support/wallet-books.ts); the abuse ledger reads balances from the chain's state instead.
 */
export interface Wallet {
  readonly address: string;
  /** Pays `unil` for `resource` (a quote nonce, or SHA-256 of an add-funds payload); the tx hash. */
  pay(unil: bigint, resource: Uint8Array): Promise<string>;
  close(): void;
}

// A fixed gas limit skips the simulation: one chain query less per payment, and a tx the wallet cannot
// cover is still broadcast, to fail in its block.
const GAS_LIMIT = 200_000n;

/**
 * Funds a fresh wallet with `unil` and connects a payer to it.
 *
 * @example
 * ```ts
 * const wallet = await openWallet(devnet.chain, network, 50_000_000n);
 * const txHash = await wallet.pay(quote.fees.tokens, quote.nonce);
 * ```
 */
export async function openWallet(chain: NilChain, network: ChainNetwork, unil: bigint): Promise<Wallet> {
  const key = chain.createFundedKey(unil);
  const payer = await connectPayer(network, key);
  return {
    address: key.address,
    pay: (amount, resource) => payer.submitPayment(amount, resource),
    close: () => payer.disconnect(),
  };
}

/**
 * A transaction that pays `unil` for `resource` but fails in its block (code ≠ 0): sent from a wallet
 * holding one unil less, which the chain takes in (fee and sequence) and then refuses to execute.
 * Resolves its hash; nothing leaves the wallet.
 */
export async function failedPayment(
  chain: NilChain,
  network: ChainNetwork,
  unil: bigint,
  resource: Uint8Array,
): Promise<{ readonly txHash: string; readonly code: number; readonly address: string }> {
  const key = chain.createFundedKey(unil - 1n);
  const payer = await connectPayer(network, key);
  try {
    await payer.submitPayment(unil, resource);
  } catch (error) {
    const details = error instanceof PaymentError ? error.details : undefined;
    const txHash = details?.["txHash"];
    const code = details?.["code"];
    if (typeof txHash === "string" && typeof code === "number" && code !== 0) {
      return { txHash, code, address: key.address };
    }
    throw error;
  } finally {
    payer.disconnect();
  }
  throw new Error(`a payment of ${unil} unil from a wallet holding ${unil - 1n} succeeded`);
}

function connectPayer(network: ChainNetwork, key: DevnetKey): Promise<NilChainPayer> {
  return NilChainPayer.connect(network, key.privateKey, { gasLimit: GAS_LIMIT, pollIntervalMs: 10 });
}
