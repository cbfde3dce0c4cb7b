// The fuzzer's seeds are real messages: a VmClient runs every operation once against the devnet, and an
// interceptor keeps each request it sends, with the node it went to. Receipts in them are spent by then;
// `freshReceipt` pays for a new one, so that a mutated request can get past the receipt check into the
// validation behind it.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { PrivateKey, TOKEN_HEADER } from "@nillion/crypto";
import { RetrieveResultsRequestSchema } from "@nillion/proto/nillion/compute/v1/retrieve";
import { PriceQuoteRequestSchema, SignedQuoteSchema } from "@nillion/proto/nillion/payments/v1/quote";
import {
  PaymentReceiptRequestSchema,
  type SignedReceipt,
  SignedReceiptSchema,
} from "@nillion/proto/nillion/payments/v1/receipt";
import {
  InputPartyBinding,
  Integer,
  Array as NadaArray,
  OutputPartyBinding,
  Permissions,
  PermissionsDelta,
  SecretBlob,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  Tuple,
  UnsignedInteger,
} from "@nillion/types";
import type { Network, VmClient, VmClientOptions } from "@nillion/vm-client";
import { describeAnswer, grpcCall } from "../support/grpc-call.js";
import { nadaProgram } from "../support/nada-program.js";
import { Http2Client } from "../support/raw-http2.js";
import { openUser, type TestUser } from "../support/test-users.js";
import { validToken } from "./auth-headers.js";

type Interceptor = NonNullable<VmClientOptions["interceptors"]>[number];

/** The paid methods whose requests carry a receipt, with the quote operation each needs. */
const RECEIPT_OPERATIONS: ReadonlyMap<string, string> = new Map([
  ["/nillion.values.v1.Values/StoreValues", "storeValues"],
  ["/nillion.values.v1.Values/RetrieveValues", "retrieveValues"],
  ["/nillion.permissions.v1.Permissions/RetrievePermissions", "retrievePermissions"],
  ["/nillion.permissions.v1.Permissions/OverwritePermissions", "overwritePermissions"],
  ["/nillion.permissions.v1.Permissions/UpdatePermissions", "updatePermissions"],
  ["/nillion.programs.v1.Programs/StoreProgram", "storeProgram"],
  ["/nillion.compute.v1.Compute/InvokeCompute", "invokeCompute"],
  ["/nillion.leader_queries.v1.LeaderQueries/PoolStatus", "poolStatus"],
]);

/** One request a real client sent. */
export interface RecordedCall {
  /** The node's `grpc_endpoint`. */
  readonly baseUrl: string;
  /** The request message, encoded. */
  readonly bytes: Uint8Array;
}

export interface SeedCorpus {
  /** Real requests by method path, e.g. `/nillion.values.v1.Values/StoreValues`. */
  readonly calls: ReadonlyMap<string, readonly RecordedCall[]>;
  /** The user the seeds were recorded as (its balance pays for fresh receipts). */
  readonly key: PrivateKey;
  readonly client: VmClient;
  /** Methods whose request carries a receipt, which {@link SeedCorpus.freshReceipt} can renew. */
  readonly receiptMethods: ReadonlySet<string>;
  /** A new receipt for the operation of `method`, paid from the user's balance. */
  freshReceipt(method: string): Promise<SignedReceipt>;
  close(): void;
}

/** The program the seeds and the after-checks run: two secret products and a sum, no preprocessing. */
export const ARITH_PROGRAM = "arith_basic";

/**
 * Records one request of every client-facing method, as `wallet`'s user.
 *
 * @example
 * ```ts
 * const corpus = await recordSeedCorpus(network, devnet.chain.createFundedKey(10n ** 13n));
 * corpus.calls.get("/nillion.values.v1.Values/StoreValues"); // one per node
 * ```
 */
export async function recordSeedCorpus(
  network: Network,
  wallet: { privateKey: string },
): Promise<SeedCorpus> {
  const calls = new Map<string, RecordedCall[]>();
  const record: Interceptor = (next) => (request) => {
    if (!request.stream) {
      const url = new URL(request.url);
      const list = calls.get(url.pathname) ?? [];
      list.push({ baseUrl: url.origin, bytes: toBinary(request.method.input, request.message) });
      calls.set(url.pathname, list);
    }
    return next(request);
  };
  // A payment on chain, recorded once: PaymentReceipt with a tx hash.
  const payer = await openUser({ network, wallet, paymentMode: "per-operation", interceptors: [record] });
  try {
    await payer.client.poolStatus().invoke();
  } finally {
    payer.close();
  }
  const key = PrivateKey.generate();
  // 10,000 NIL of credits: every fresh receipt costs 1 NIL's worth (100 credits).
  const user = await openUser({
    network,
    wallet,
    key,
    prepayUnil: 10_000n * 1_000_000n,
    interceptors: [record],
  });
  try {
    return await recordOperations(user, key, calls);
  } catch (error) {
    user.close();
    throw error;
  }
}

async function recordOperations(
  user: TestUser,
  key: PrivateKey,
  calls: Map<string, RecordedCall[]>,
): Promise<SeedCorpus> {
  const { client } = user;
  const me = client.userId;
  const other = PrivateKey.fromSeed("fuzz-other-user").userId;
  await client.balance();
  const values = {
    secret: new SecretInteger(-42n),
    count: new Integer(7n),
    flag: new SecretBoolean(true),
    unsigned: new SecretUnsignedInteger(9n),
    limit: new UnsignedInteger(1000n),
    blob: new SecretBlob(
      new TextEncoder().encode("fuzz seed blob, more than one chunk long for a 64-bit prime?"),
    ),
    list: new NadaArray([new SecretInteger(1n), new SecretInteger(2n)]),
    pair: new Tuple(new SecretInteger(3n), new Integer(4n)),
  };
  const valuesId = await client.storeValues(values, { ttlDays: 1 }).invoke();
  await client
    .storeValues({ secret: new SecretInteger(1n) }, { ttlDays: 1, updateIdentifier: valuesId })
    .invoke();
  await client.retrieveValues(valuesId).invoke();
  await client.retrievePermissions(valuesId).invoke();
  await client.updatePermissions(valuesId, new PermissionsDelta().grantRetrieve(other)).invoke();
  const programId = await client.storeProgram("fuzz-arith", nadaProgram(ARITH_PROGRAM)).invoke();
  await client
    .overwritePermissions(
      valuesId,
      Permissions.defaultsForUser(me).allowCompute(me, programId).allowRetrieve(other),
    )
    .invoke();
  const computeOperation = () =>
    client.compute(
      programId,
      [new InputPartyBinding("Dealer", me)],
      [new OutputPartyBinding("Dealer", [me])],
      { a: new SecretInteger(5n), b: new SecretInteger(7n), c: new Integer(3n) },
    );
  const computeId = await computeOperation().invoke();
  await client.retrieveComputeResults(computeId).invoke({ timeoutMs: 30_000 });
  await client.poolStatus().invoke();
  const doomed = await client.storeValues({ gone: new Integer(1n) }, { ttlDays: 1 }).invoke();
  await client.deleteValues(doomed).invoke();

  // RetrieveResults is server-streaming, which the interceptor does not record: its request is one id.
  calls.set(
    "/nillion.compute.v1.Compute/RetrieveResults",
    client.cluster.members.map((member) => ({
      baseUrl: new URL(member.grpcEndpoint).origin,
      bytes: toBinary(
        RetrieveResultsRequestSchema,
        create(RetrieveResultsRequestSchema, { computeId: computeId.bytes }),
      ),
    })),
  );
  // A fresh receipt replays the operation's recorded quote request and pays from the balance: two calls
  // to the leader, without the client's masking or program lowering.
  const quoteRequests = new Map<string, Uint8Array>();
  for (const call of calls.get("/nillion.payments.v1.Payments/PriceQuote") ?? []) {
    const operation = fromBinary(PriceQuoteRequestSchema, call.bytes).operation.case;
    if (operation !== undefined) quoteRequests.set(operation, call.bytes);
  }
  const leader = new Http2Client(client.cluster.leader.grpcEndpoint);
  return {
    calls,
    key,
    client,
    receiptMethods: new Set(RECEIPT_OPERATIONS.keys()),
    async freshReceipt(method) {
      const request = quoteRequests.get(RECEIPT_OPERATIONS.get(method) ?? "");
      if (request === undefined) throw new RangeError(`no recorded quote for ${method}`);
      const quote = await grpcCall(leader, "/nillion.payments.v1.Payments/PriceQuote", request);
      if (quote.response === undefined) throw new Error(`PriceQuote for ${method}: ${describeAnswer(quote)}`);
      const payment = create(PaymentReceiptRequestSchema, {
        signedQuote: fromBinary(SignedQuoteSchema, quote.response),
        txHash: "",
      });
      const receipt = await grpcCall(
        leader,
        "/nillion.payments.v1.Payments/PaymentReceipt",
        toBinary(PaymentReceiptRequestSchema, payment),
        {
          [TOKEN_HEADER]: validToken(key, client.cluster.leader.id),
        },
      );
      if (receipt.response === undefined)
        throw new Error(`PaymentReceipt for ${method}: ${describeAnswer(receipt)}`);
      return fromBinary(SignedReceiptSchema, receipt.response);
    },
    close: () => {
      leader.close();
      user.close();
    },
  };
}
