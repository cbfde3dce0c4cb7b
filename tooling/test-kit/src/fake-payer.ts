// A payer whose "chain" is a list in memory. It has the shape of `Payer` from @nillion/payments without
// importing it: that package's own tests use this kit, so the kit may not depend on it.
import { bytesToHex } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";

/** What `Payer.submitPayment` takes besides the amount and the resource. */
export interface FakePaymentOptions {
  readonly gasLimit?: bigint;
  readonly signal?: AbortSignal;
}

/** A payment included on the fake chain. */
export interface ChainPayment {
  /** 64 uppercase hex digits, as cosmjs reports a transaction hash. */
  readonly txHash: string;
  /** unil. */
  readonly amount: bigint;
  /** `MsgPayFor.resource`: a quote's nonce, or SHA-256 of an `AddFundsPayload`. */
  readonly resource: Uint8Array;
}

/** Where the fake leader looks payments up, as a leader asks the chain for a transaction. */
export interface FakeChain {
  /** The payment of `txHash` (any letter case), or undefined when the chain has no such transaction. */
  transaction(txHash: string): ChainPayment | undefined;
}

/**
 * A payer that "pays" by recording the payment; {@link FakePayer.transaction} is the chain the fake leader
 * reads. Every payment is included at once and succeeds.
 *
 * @example
 * ```ts
 * const payer = new FakePayer();
 * const leader = new FakeLeader({ chain: payer });
 * const txHash = await payer.submitPayment(1_000_000n, quote.quote.nonce);
 * payer.payments; // [{ txHash, amount: 1_000_000n, resource, options: undefined }]
 * ```
 */
export class FakePayer implements FakeChain {
  /** Devnet key 0's address. */
  readonly walletAddress = "nillion14x7fd38t8wvh2ypy2fph270wkv8g754tjcny5j";
  /** Every payment made, in order. */
  readonly payments: Array<ChainPayment & { readonly options: FakePaymentOptions | undefined }> = [];
  /** The options of every call, paid or not. */
  readonly received: Array<FakePaymentOptions | undefined> = [];
  /** When set, `submitPayment` waits for it before paying (an abort meanwhile pays nothing). */
  gate: Promise<void> | undefined;

  async submitPayment(amount: bigint, resource: Uint8Array, options?: FakePaymentOptions): Promise<string> {
    this.received.push(options);
    await this.gate;
    options?.signal?.throwIfAborted();
    // Distinct per payment, even for one resource paid twice, as real transaction hashes are.
    const txHash = bytesToHex(
      sha256(new TextEncoder().encode(`fake-tx-${this.payments.length}`)),
    ).toUpperCase();
    this.payments.push({ txHash, amount, resource, options });
    return txHash;
  }

  transaction(txHash: string): ChainPayment | undefined {
    const wanted = txHash.toUpperCase();
    return this.payments.find((payment) => payment.txHash === wanted);
  }
}
