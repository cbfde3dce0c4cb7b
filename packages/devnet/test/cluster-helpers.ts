// End-to-end fixtures: a devnet on ephemeral ports, clients of every protocol a node serves, users that
// sign their own tokens, and paid receipts obtained the way a client gets them (quote → MsgPayFor → receipt).
import { create, fromBinary, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type Client,
  Code,
  ConnectError,
  createClient,
  type Interceptor,
  type Transport,
} from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import { createSignedToken, encodeTokenHeader, type PartyShares, PrivateKey } from "@nillion/crypto";
import { LeaderQueries } from "@nillion/proto/nillion/leader_queries/v1/service";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import {
  type PriceQuoteRequestSchema,
  PriceQuoteSchema,
  type SignedQuote,
} from "@nillion/proto/nillion/payments/v1/quote";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { Permissions } from "@nillion/proto/nillion/permissions/v1/service";
import { Programs } from "@nillion/proto/nillion/programs/v1/service";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import type { NamedValue } from "@nillion/proto/nillion/values/v1/value";
import { bytesToHex } from "@nillion/types";
import { Devnet, type DevnetOptions } from "../src/index.js";
import { broadcastPayment } from "./helpers.js";

/** Starts a devnet with every port ephemeral and fast blocks. */
export function startTestDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  return Devnet.start({ portBase: 0, chain: { blockIntervalMs: 5 }, ...options });
}

export type Protocol = "gRPC" | "gRPC-web over HTTP/1.1" | "gRPC-web over HTTP/2" | "Connect";

/** Every protocol a node serves on its one port, each as the client that speaks it. */
export const PROTOCOLS: Record<Protocol, (baseUrl: string, interceptors: Interceptor[]) => Transport> = {
  gRPC: (baseUrl, interceptors) => createGrpcTransport({ baseUrl, interceptors }),
  "gRPC-web over HTTP/1.1": (baseUrl, interceptors) =>
    createGrpcWebTransport({ baseUrl, httpVersion: "1.1", interceptors }),
  "gRPC-web over HTTP/2": (baseUrl, interceptors) =>
    createGrpcWebTransport({ baseUrl, httpVersion: "2", interceptors }),
  Connect: (baseUrl, interceptors) => createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors }),
};

/** One user's clients of one node. */
export interface NodeClients {
  readonly membership: Client<typeof Membership>;
  readonly values: Client<typeof Values>;
  readonly permissions: Client<typeof Permissions>;
  readonly programs: Client<typeof Programs>;
  readonly payments: Client<typeof Payments>;
  readonly leaderQueries: Client<typeof LeaderQueries>;
}

/**
 * A user of the devnet: a key, its clients of every node over one protocol, and a funded chain wallet
 * (devnet key `walletIndex`) to pay with.
 */
export class TestUser {
  readonly key: PrivateKey;
  readonly nodes: readonly NodeClients[];
  readonly leader: NodeClients;
  readonly #devnet: Devnet;
  readonly #walletIndex: number;

  constructor(
    devnet: Devnet,
    options: {
      seed: string;
      walletIndex: number;
      protocol?: Protocol;
      now?: () => Date;
      /** Sends no token at all. */
      anonymous?: boolean;
    },
  ) {
    this.key = PrivateKey.fromSeed(options.seed);
    this.#devnet = devnet;
    this.#walletIndex = options.walletIndex;
    const transport = PROTOCOLS[options.protocol ?? "gRPC"];
    this.nodes = devnet.layout.nodes.map((node) => {
      const sign: Interceptor = (next) => (request) => {
        const token = createSignedToken({
          signer: this.key,
          targetNodeId: node.nodeId,
          ...(options.now ? { now: options.now() } : {}),
        });
        request.header.set("x-nillion-token", encodeTokenHeader(token));
        return next(request);
      };
      const t = transport(node.grpcEndpoint, options.anonymous ? [] : [sign]);
      return {
        membership: createClient(Membership, t),
        values: createClient(Values, t),
        permissions: createClient(Permissions, t),
        programs: createClient(Programs, t),
        payments: createClient(Payments, t),
        leaderQueries: createClient(LeaderQueries, t),
      };
    });
    this.leader = this.nodes[devnet.layout.leaderIndex] as NodeClients;
  }

  get userId(): Uint8Array {
    return this.key.userId.bytes;
  }

  /** A quote from the leader. */
  quote(request: MessageInitShape<typeof PriceQuoteRequestSchema>): Promise<SignedQuote> {
    return this.leader.payments.priceQuote(request);
  }

  /** Pays a quote on chain (its fee unless `amount` says otherwise) from this user's wallet; resolves the tx hash. */
  payQuote(signed: SignedQuote, amount?: bigint): Promise<string> {
    const quote = fromBinary(PriceQuoteSchema, signed.quote);
    return this.payOnChain(quote.nonce, amount ?? quote.fees?.tokens ?? 0n);
  }

  /** A MsgPayFor from this user's wallet, included in a block; resolves the tx hash. */
  async payOnChain(resource: Uint8Array, amount: bigint): Promise<string> {
    const wallet = this.#devnet.chain.keys[this.#walletIndex];
    if (!wallet) throw new Error(`no devnet key ${this.#walletIndex}`);
    const sequence = this.#devnet.chain.account(wallet.address)?.sequence ?? 0n;
    return broadcastPayment(this.#devnet.chain, {
      keyIndex: this.#walletIndex,
      sequence,
      amount,
      resource,
    });
  }

  /** A receipt for `request`, paid on chain. */
  async receipt(request: MessageInitShape<typeof PriceQuoteRequestSchema>): Promise<SignedReceipt> {
    const quote = await this.quote(request);
    const txHash = await this.payQuote(quote);
    return this.leader.payments.paymentReceipt({ signedQuote: quote, txHash });
  }
}

/** `items[index]`, which must exist. */
export function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${index} of ${items.length}`);
  return item;
}

/** The shares the masker made for node `nodeId` (the masker orders parties by id, not by node index). */
export function sharesFor(shares: readonly PartyShares[], nodeId: Uint8Array): NamedValue[] {
  const party = shares.find((each) => bytesToHex(each.party) === bytesToHex(nodeId));
  if (!party) throw new Error(`no shares for node ${bytesToHex(nodeId)}`);
  return party.values as NamedValue[];
}

/** The status code and server message a call failed with; throws if it succeeded. */
export async function failure(promise: Promise<unknown>): Promise<[Code, string]> {
  try {
    await promise;
  } catch (error) {
    const connect = ConnectError.from(error);
    return [connect.code, connect.rawMessage];
  }
  throw new Error("the call succeeded");
}

export { Code, create };
