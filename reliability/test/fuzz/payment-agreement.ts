// Payments are where the chain and the leader must agree: money the chain took must buy what it was paid
// for. Signed transactions with fuzzed MsgPayFor amounts ("+1000000", "1e6", " 1000000"...) pay for a
// real quote, and top up a balance with amounts around the minimum; then:
// - a payment for which the chain took at least the quoted price gets its receipt from the leader, and
//   one for less is refused as "insufficient payment";
// - an add-funds payment the chain committed credits ceil(unil × credits_per_nil / 10^6) credits, or is
//   refused only as "payment is too small" (under 0.9 × the minimum) — never with INTERNAL or UNKNOWN.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { PrivateKey, TOKEN_HEADER } from "@nillion/crypto";
import type { Devnet } from "@nillion/devnet";
import {
  AccountBalanceResponseSchema,
  AddFundsRequestSchema,
} from "@nillion/proto/nillion/payments/v1/balance";
import { PaymentsConfigResponseSchema } from "@nillion/proto/nillion/payments/v1/config";
import { PaymentReceiptRequestSchema } from "@nillion/proto/nillion/payments/v1/receipt";
import type { Any } from "cosmjs-types/google/protobuf/any";
import { addFundsPayload, payloadHash } from "../support/add-funds-payload.js";
import { describeAnswer, type GrpcAnswer, grpcCall } from "../support/grpc-call.js";
import { Http2Client } from "../support/raw-http2.js";
import { type SeededRandom, seededRandom } from "../support/seeded-random.js";
import { validToken } from "./auth-headers.js";
import { payForMessage, signedTx } from "./forge-tx.js";
import type { FuzzCluster } from "./fuzz-cluster.js";
import type { FuzzFailure } from "./fuzz-failures.js";
import { type FuzzSettings, indicesToRun, inputCount, inputSeed } from "./fuzz-settings.js";
import { jsonRpcExchange } from "./json-rpc-exchange.js";
import type { SeedCorpus } from "./seed-corpus.js";

/** How a MsgPayFor may write one NIL (the devnet's price of every operation). */
const AMOUNT_TEXTS = [
  "1000000",
  "+1000000",
  "01000000",
  "1000000.0",
  "1e6",
  "0x0F4240",
  " 1000000",
  "1000000 ",
  "1_000_000",
  "1,000,000",
  "١٠٠٠٠٠٠",
  "1000000\u0000",
  "-1000000",
  "",
  "999999",
  "2000000",
] as const;
const DENOMS = ["unil", "nil", "UNIL", ""] as const;
/** Add-funds amounts in unil around the devnet's minimum (10,000) and its 0.9 tolerance. */
const ADD_FUNDS_UNIL = [1n, 8_999n, 9_000n, 9_999n, 10_000n, 10_001n, 15_000n, 1_234_567n] as const;

export interface PaymentContext {
  readonly devnet: Devnet;
  readonly cluster: FuzzCluster;
  readonly corpus: SeedCorpus;
  /** A funded wallet the forged txs are signed with, used by nothing else. */
  readonly wallet: { readonly privateKey: string; readonly address: string };
}

/** Runs the payment inputs (`payment:<i>`), or the replayed one; returns the disagreements. */
export async function checkPaymentAgreement(
  context: PaymentContext,
  settings: FuzzSettings,
): Promise<FuzzFailure[]> {
  const leader = new Http2Client(context.cluster.leader.url);
  const failures: FuzzFailure[] = [];
  const payFor = AMOUNT_TEXTS.length + DENOMS.length - 1;
  const count = inputCount(settings, payFor + ADD_FUNDS_UNIL.length);
  try {
    for (const index of indicesToRun(settings, "payment", count)) {
      const id = `payment:${index}`;
      const random = seededRandom(inputSeed(settings.seed, "payment", index));
      const addFunds = index >= payFor && index < payFor + ADD_FUNDS_UNIL.length;
      const problem = addFunds
        ? await addFundsInput(context, leader, ADD_FUNDS_UNIL[index - payFor] ?? 1n)
        : await payForInput(context, leader, amountOf(index, random));
      if (problem !== undefined) failures.push({ id, input: problem.input, reason: problem.reason });
    }
  } finally {
    leader.close();
  }
  return failures;
}

interface Problem {
  readonly input: string;
  readonly reason: string;
}

function amountOf(index: number, random: SeededRandom): { denom: string; amount: string } {
  if (index < AMOUNT_TEXTS.length) return { denom: "unil", amount: AMOUNT_TEXTS[index] ?? "" };
  const denomIndex = index - AMOUNT_TEXTS.length + 1;
  if (denomIndex < DENOMS.length) return { denom: DENOMS[denomIndex] ?? "", amount: "1000000" };
  // Beyond the fixed cases (FUZZ_SCALE > 1): one NIL written with a random prefix, padding and suffix.
  const prefix = random.pick(["", "+", "0", "00", "-", " ", "\t"]);
  const suffix = random.pick(["", " ", "0", ".", ".0", "\n", "e0"]);
  return {
    denom: "unil",
    amount: `${prefix}${random.chance(0.5) ? "1000000" : String(999_990 + random.int(20))}${suffix}`,
  };
}

async function payForInput(
  context: PaymentContext,
  leader: Http2Client,
  coin: { denom: string; amount: string },
): Promise<Problem | undefined> {
  const { corpus, devnet, wallet } = context;
  const quote = await corpus.client.requestQuote(corpus.client.poolStatus());
  const input = `MsgPayFor ${JSON.stringify(coin.amount)}${coin.denom} for a quote of ${quote.tokens} unil`;
  const before = devnet.chain.balance(wallet.address);
  const committed = await broadcastCommit(context, [
    payForMessage(wallet.address, quote.quote.nonce, [coin]),
  ]);
  if (typeof committed === "string") return { input, reason: committed };
  if (committed.code !== 0) return undefined; // the chain refused it: nothing was paid
  // What the chain made of the amount is what it took from the wallet.
  const paid = before - devnet.chain.balance(wallet.address);
  const request = create(PaymentReceiptRequestSchema, { signedQuote: quote.signed, txHash: committed.hash });
  const answer = await grpcCall(
    leader,
    "/nillion.payments.v1.Payments/PaymentReceipt",
    toBinary(PaymentReceiptRequestSchema, request),
    userToken(context),
  );
  if (answer.code === 0) {
    return paid >= quote.tokens
      ? undefined
      : { input, reason: `the leader issued a receipt for a payment of ${paid} unil` };
  }
  if (paid >= quote.tokens) {
    return {
      input,
      reason: `the chain took ${paid} unil (code 0), the leader refused the payment: ${describeAnswer(answer)}`,
    };
  }
  return answer.code === 3 && answer.message === "insufficient payment"
    ? undefined
    : { input, reason: `refused ${paid} unil with ${describeAnswer(answer)}` };
}

async function addFundsInput(
  context: PaymentContext,
  leader: Http2Client,
  unil: bigint,
): Promise<Problem | undefined> {
  const { corpus } = context;
  const input = `AddFunds paid with ${unil} unil`;
  const config = await grpcCall(leader, "/nillion.payments.v1.Payments/PaymentsConfig", new Uint8Array());
  if (config.response === undefined) return { input, reason: `PaymentsConfig: ${describeAnswer(config)}` };
  const { minimumAddFundsPayment, creditsPerNil } = fromBinary(PaymentsConfigResponseSchema, config.response);
  const payload = addFundsPayload(corpus.client.userId.bytes);
  const committed = await broadcastCommit(context, [
    payForMessage(context.wallet.address, payloadHash(payload), [{ denom: "unil", amount: String(unil) }]),
  ]);
  if (typeof committed === "string") return { input, reason: committed };
  if (committed.code !== 0)
    return { input, reason: `the chain refused an honest payment: code ${committed.code}` };
  const before = await balance(context, leader);
  const request = toBinary(
    AddFundsRequestSchema,
    create(AddFundsRequestSchema, { payload, txHash: committed.hash }),
  );
  const answer = await grpcCall(leader, "/nillion.payments.v1.Payments/AddFunds", request);
  const tooSmall = unil * 10n < minimumAddFundsPayment * 9n;
  if (answer.code !== 0) {
    if (tooSmall && answer.code === 3 && answer.message === "payment is too small") return undefined;
    return {
      input,
      reason: `AddFunds: ${describeAnswer(answer)}${tooSmall ? "" : ` (the minimum is ${minimumAddFundsPayment} unil, with 10% tolerance)`}`,
    };
  }
  if (tooSmall)
    return {
      input,
      reason: `AddFunds accepted ${unil} unil, under 0.9 × the minimum ${minimumAddFundsPayment}`,
    };
  const expected = (unil * creditsPerNil + 999_999n) / 1_000_000n;
  const credited = (await balance(context, leader)) - before;
  return credited === expected
    ? undefined
    : {
        input,
        reason: `credited ${credited} credits, expected ceil(${unil} × ${creditsPerNil} / 10^6) = ${expected}`,
      };
}

function userToken(context: PaymentContext): Record<string, string> {
  return { [TOKEN_HEADER]: validToken(context.corpus.key, context.cluster.leader.nodeId) };
}

async function balance(context: PaymentContext, leader: Http2Client): Promise<bigint> {
  const answer: GrpcAnswer = await grpcCall(
    leader,
    "/nillion.payments.v1.Payments/AccountBalance",
    new Uint8Array(),
    userToken(context),
  );
  if (answer.response === undefined) throw new Error(`AccountBalance: ${describeAnswer(answer)}`);
  return fromBinary(AccountBalanceResponseSchema, answer.response).balance;
}

/** Signs and broadcasts `messages` with broadcast_tx_commit; the tx's code and hash, or what went wrong. */
async function broadcastCommit(
  context: PaymentContext,
  messages: readonly Any[],
): Promise<{ code: number; hash: string } | string> {
  const { devnet, wallet } = context;
  const account = devnet.chain.account(wallet.address);
  if (account === undefined) return `the forging wallet ${wallet.address} has no account`;
  const tx = signedTx({
    key: PrivateKey.fromHex(wallet.privateKey),
    chainId: devnet.chain.chainId,
    accountNumber: account.accountNumber,
    sequence: account.sequence,
    messages,
  });
  const params = { tx: Buffer.from(tx).toString("base64") };
  const reply = await jsonRpcExchange(devnet.chain.ports.rpc, "broadcast_tx_commit", params, 15_000);
  let parsed: {
    result?: { hash?: string; check_tx?: { code?: number }; tx_result?: { code?: number } };
    error?: unknown;
  };
  try {
    parsed = JSON.parse(new TextDecoder().decode(reply.body));
  } catch {
    return `broadcast_tx_commit: ${reply.ending} HTTP ${reply.status ?? "-"}`;
  }
  const { result } = parsed;
  if (result?.hash === undefined)
    return `broadcast_tx_commit failed: ${JSON.stringify(parsed.error ?? parsed).slice(0, 200)}`;
  const code = (result.check_tx?.code ?? 0) || (result.tx_result?.code ?? 0);
  return { code, hash: result.hash };
}
