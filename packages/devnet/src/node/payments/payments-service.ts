import { create, fromBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import type { PrivateKey } from "@nillion/crypto";
import { PreconditionFailureSchema } from "@nillion/proto/google/rpc/error_details";
import { PublicKeyType } from "@nillion/proto/nillion/auth/v1/public_key";
import {
  type AccountBalanceResponse,
  AccountBalanceResponseSchema,
  type AddFundsPayload,
  AddFundsPayloadSchema,
} from "@nillion/proto/nillion/payments/v1/balance";
import {
  type PaymentsConfigResponse,
  PaymentsConfigResponseSchema,
} from "@nillion/proto/nillion/payments/v1/config";
import type { PriceQuote } from "@nillion/proto/nillion/payments/v1/quote";
import type { OperationMetadata, SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import type { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { bytesEqual, bytesToHex, InvalidArgumentError, UserId } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import type { NodeStore } from "../../storage/node-store.js";
import { requireCaller } from "../caller.js";
import { assertPaysQuote, type ChainQuery, lookUpChainPayment } from "./chain-payments.js";
import { creditsToUnil, DEVNET_PRICING, unilToCredits } from "./devnet-pricing.js";
import { type ComputeRequirements, issueQuote, openQuote } from "./quotes.js";
import { issueReceipt, metadataOf } from "./receipts.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PaymentsServiceOptions {
  readonly leaderKey: PrivateKey;
  readonly chain: ChainQuery;
  /** Balances and single-use markers (quote nonces, add-funds transactions). */
  readonly store: NodeStore;
  readonly now?: () => Date;
  /** Preprocessing needs of a compute quote (from the compute service). */
  readonly computeRequirements?: ComputeRequirements;
  /**
   * Receipt metadata of a quote, called once it is paid for; compute reserves its preprocessing offsets
   * here. A throw refuses the receipt and gives the payment back.
   */
  readonly receiptMetadata?: (quote: PriceQuote) => Promise<OperationMetadata>;
}

/** The minimum add-funds payment, in unil; the leader accepts 90 % of it, as the reference does. */
export const MINIMUM_ADD_FUNDS_UNIL = creditsToUnil(DEVNET_PRICING.minimumAddFundsCredits);

/**
 * `nillion.payments.v1.Payments`, served by the leader only (wire-protocol.md §4): quotes, receipts for
 * chain payments or from a prepaid balance, the payments config, balances and add-funds.
 *
 * Stricter than the reference: a quote paid from a balance must not have expired either, a chain
 * payment counts only if its transaction succeeded and is a `MsgPayFor`, and add-funds transaction hashes
 * are single-use whatever their letter case.
 *
 * @example
 * ```ts
 * router.service(Payments, paymentsService({ leaderKey, chain: cometRpcQuery(rpcUrl), store }));
 * ```
 */
export function paymentsService(options: PaymentsServiceOptions): ServiceImpl<typeof Payments> {
  const now = options.now ?? (() => new Date());
  const { store, leaderKey } = options;
  const receiptMetadata = options.receiptMetadata ?? (async (quote: PriceQuote) => metadataOf(quote));

  /** The quote's single-use marker; expired quotes are refused before anything is charged. */
  function quoteClaim(quote: PriceQuote, clock: Date) {
    const expiresAt = quote.expiresAt ? new Date(Number(quote.expiresAt.seconds) * 1000) : new Date(0);
    if (expiresAt < clock) throw new ConnectError("quote expired", Code.FailedPrecondition);
    return { namespace: "quote-nonce", key: bytesToHex(quote.nonce), expiresAt };
  }
  const nonceUsed = () => new ConnectError("nonce already used", Code.FailedPrecondition);

  /**
   * The receipt of a quote that has just been paid for. Its metadata comes only after the charge: compute
   * reserves preprocessing elements there, and a refused payment (no funds, a nonce already used) must
   * not take any, or anyone could drain the pools with free quotes. When the metadata is refused (the
   * pools are exhausted, too many computations run) `giveBack` undoes the charge in one store step, so
   * the user pays nothing and the quote stays payable (on chain, with the same transaction).
   *
   * The reference does the charge and the reservation in one database transaction; here they are two
   * store steps, so a leader that dies between them keeps that one charge, without a receipt and
   * without reserving anything: the quote's nonce stays used until it expires.
   */
  async function receiptOf(
    quote: PriceQuote,
    clock: Date,
    giveBack: () => Promise<unknown>,
  ): Promise<SignedReceipt> {
    let metadata: OperationMetadata;
    try {
      metadata = await receiptMetadata(quote);
    } catch (refusal) {
      try {
        await giveBack();
      } catch (error) {
        throw new ConnectError(
          `${ConnectError.from(refusal).rawMessage}; the payment could not be given back: ${String(error)}`,
          Code.Internal,
          undefined,
          undefined,
          error,
        );
      }
      throw refusal;
    }
    return issueReceipt(metadata, leaderKey, clock);
  }

  return {
    async priceQuote(request) {
      return issueQuote(request, {
        leaderKey,
        now: now(),
        ...(options.computeRequirements ? { computeRequirements: options.computeRequirements } : {}),
      });
    },

    async paymentReceipt(request, context): Promise<SignedReceipt> {
      const quote = openQuote(request.signedQuote, leaderKey.publicKey);
      const fees = { credits: quote.fees?.credits ?? 0n, tokens: quote.fees?.tokens ?? 0n };
      const clock = now();
      const claim = quoteClaim(quote, clock);
      if (request.txHash === "") {
        const caller = requireCaller(context).toHex();
        // A balance expires a fixed time after its last change (`last_updated + expiration days`).
        const expiresAt = new Date(clock.getTime() + DEVNET_PRICING.balanceExpiryDays * DAY_MS);
        // One atomic step: the credits are taken and the nonce claimed together, or neither, so a refused
        // charge leaves the quote payable on chain.
        const charged = await store.deductCredits(caller, fees.credits, { now: clock, expiresAt, claim });
        if (charged === "already-claimed") throw nonceUsed();
        if (charged === "insufficient-funds") {
          throw new ConnectError("not enough funds", Code.FailedPrecondition, undefined, [
            {
              desc: PreconditionFailureSchema,
              value: {
                violations: [
                  {
                    type: "PAYMENT",
                    subject: "BALANCE",
                    description: "balance is not enough to cover for operation cost",
                  },
                ],
              },
            },
          ]);
        }
        return receiptOf(quote, clock, () => {
          const refundedAt = now();
          return store.releaseClaim(claim.namespace, claim.key, {
            user: caller,
            amount: fees.credits,
            now: refundedAt,
            expiresAt: new Date(refundedAt.getTime() + DEVNET_PRICING.balanceExpiryDays * DAY_MS),
          });
        });
      }
      assertPaysQuote(await lookUpChainPayment(options.chain, request.txHash), quote.nonce, fees.tokens);
      if (!(await store.claim(claim.namespace, claim.key, claim.expiresAt))) throw nonceUsed();
      return receiptOf(quote, clock, () => store.releaseClaim(claim.namespace, claim.key));
    },

    paymentsConfig(): PaymentsConfigResponse {
      return create(PaymentsConfigResponseSchema, {
        minimumAddFundsPayment: MINIMUM_ADD_FUNDS_UNIL,
        creditsPerNil: DEVNET_PRICING.creditsPerNil,
      });
    },

    async accountBalance(_request, context: HandlerContext): Promise<AccountBalanceResponse> {
      const clock = now();
      const balance = await store.getBalance(requireCaller(context).toHex());
      const lastUpdated = balance?.lastUpdated ?? new Date(0);
      const expiresAt = balance?.expiresAt ?? new Date(DEVNET_PRICING.balanceExpiryDays * DAY_MS);
      return create(AccountBalanceResponseSchema, {
        balance: balance && balance.expiresAt >= clock ? balance.credits : 0n,
        lastUpdated: timestampFromDate(lastUpdated),
        expiresAt: timestampFromDate(expiresAt),
      });
    },

    async addFunds(request) {
      const payload = decodeAddFundsPayload(request.payload);
      const recipient = new UserId(payload.recipient?.contents ?? new Uint8Array());
      const leaderPublicKey = payload.leaderPublicKey;
      if (
        leaderPublicKey &&
        (leaderPublicKey.keyType !== PublicKeyType.SECP256K1 ||
          !bytesEqual(leaderPublicKey.contents, leaderKey.publicKey))
      ) {
        throw new ConnectError("invalid leader public key", Code.InvalidArgument);
      }
      const payment = await lookUpChainPayment(options.chain, request.txHash);
      if (!bytesEqual(payment.resource, sha256(request.payload))) {
        throw new ConnectError("hash in payment does not match hash of payload", Code.InvalidArgument);
      }
      if (payment.unil * 10n < MINIMUM_ADD_FUNDS_UNIL * 9n) {
        throw new ConnectError("payment is too small", Code.InvalidArgument);
      }
      const clock = now();
      const expiresAt = new Date(clock.getTime() + DEVNET_PRICING.balanceExpiryDays * DAY_MS);
      const credits = unilToCredits(payment.unil);
      let added: Awaited<ReturnType<NodeStore["addCredits"]>>;
      try {
        added = await store.addCredits(recipient.toHex(), credits, {
          now: clock,
          expiresAt,
          claim: {
            namespace: "add-funds-tx",
            key: request.txHash.toLowerCase(),
            expiresAt: new Date(8.64e15),
          },
        });
      } catch (error) {
        // The store refuses a balance past its 64-bit limit before it claims the transaction, so the
        // payment stays usable once the balance has come down.
        if (error instanceof InvalidArgumentError && error.argument === "amount") {
          throw new ConnectError(
            `payment of ${payment.unil} unil (${credits} credits) refused: ${error.message}`,
            Code.FailedPrecondition,
          );
        }
        throw error;
      }
      if (added === "already-claimed") {
        throw new ConnectError("payment transaction has already been processed", Code.InvalidArgument);
      }
      return {};
    },
  };
}

/** INVALID_ARGUMENT "invalid payload" unless the bytes are an `AddFundsPayload` with a recipient and a 32-byte nonce. */
function decodeAddFundsPayload(bytes: Uint8Array): AddFundsPayload {
  let payload: AddFundsPayload;
  try {
    payload = fromBinary(AddFundsPayloadSchema, bytes);
  } catch {
    throw new ConnectError("invalid payload", Code.InvalidArgument);
  }
  if (payload.nonce.length !== 32 || payload.recipient?.contents.length !== 20) {
    throw new ConnectError("invalid payload", Code.InvalidArgument);
  }
  return payload;
}
