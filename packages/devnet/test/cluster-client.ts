// A minimal client of a devnet known only by its URLs (e.g. one the `nillion-devnet` command runs in another
// process): it finds the nodes through Membership and pays on chain with unmodified cosmjs.
import { fromBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { type Client, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import * as protoSigning from "@cosmjs/proto-signing";
import * as stargate from "@cosmjs/stargate";
import { createSignedToken, encodeTokenHeader, type PartyShares, PrivateKey } from "@nillion/crypto";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import { type PriceQuoteRequestSchema, PriceQuoteSchema } from "@nillion/proto/nillion/payments/v1/quote";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import { bytesToHex, hexToBytes } from "@nillion/types";
import { DEVNET_KEYS } from "../src/index.js";
import { sharesFor } from "./cluster-helpers.js";
import { MsgPayForType, PAY_FOR_TYPE_URL, payFor } from "./helpers.js";

interface ClusterNode {
  readonly nodeId: Uint8Array;
  readonly values: Client<typeof Values>;
  readonly payments: Client<typeof Payments>;
}

export class ClusterClient {
  readonly key: PrivateKey;
  readonly #nodes: readonly ClusterNode[];
  readonly #leader: ClusterNode;
  readonly #payer: stargate.SigningStargateClient;
  readonly #address: string;

  private constructor(
    key: PrivateKey,
    nodes: ClusterNode[],
    leader: ClusterNode,
    payer: stargate.SigningStargateClient,
    address: string,
  ) {
    this.key = key;
    this.#nodes = nodes;
    this.#leader = leader;
    this.#payer = payer;
    this.#address = address;
  }

  /** Reads the cluster from `bootnode` and connects a cosmjs payer with devnet key `walletIndex`. */
  static async connect(
    bootnode: string,
    chainRpc: string,
    walletIndex: number,
    key: PrivateKey = PrivateKey.generate(),
  ): Promise<ClusterClient> {
    const cluster = await createClient(Membership, createGrpcTransport({ baseUrl: bootnode })).cluster({});
    const nodes = cluster.members.map((member) => {
      const nodeId = member.identity?.contents ?? new Uint8Array();
      const sign: Interceptor = (next) => (request) => {
        request.header.set(
          "x-nillion-token",
          encodeTokenHeader(createSignedToken({ signer: key, targetNodeId: nodeId })),
        );
        return next(request);
      };
      const transport = createGrpcTransport({ baseUrl: member.grpcEndpoint, interceptors: [sign] });
      return { nodeId, values: createClient(Values, transport), payments: createClient(Payments, transport) };
    });
    const leaderId = bytesToHex(cluster.leader?.identity?.contents ?? new Uint8Array());
    const leader = nodes.find((node) => bytesToHex(node.nodeId) === leaderId);
    if (!leader) throw new Error("the cluster names no leader among its members");
    const wallet = DEVNET_KEYS[walletIndex];
    if (!wallet) throw new Error(`no devnet key ${walletIndex}`);
    const signer = await protoSigning.DirectSecp256k1Wallet.fromKey(hexToBytes(wallet.privateKey), "nillion");
    const registry = new protoSigning.Registry();
    registry.register(PAY_FOR_TYPE_URL, MsgPayForType as unknown as protoSigning.GeneratedType);
    const payer = await stargate.SigningStargateClient.connectWithSigner(chainRpc, signer, {
      registry,
      gasPrice: stargate.GasPrice.fromString("0unil"),
      broadcastPollIntervalMs: 20,
    });
    return new ClusterClient(key, nodes, leader, payer, wallet.address);
  }

  get nodeIds(): Uint8Array[] {
    return this.#nodes.map((node) => node.nodeId);
  }

  /** Quote, MsgPayFor, receipt. */
  async receipt(request: MessageInitShape<typeof PriceQuoteRequestSchema>): Promise<SignedReceipt> {
    const signedQuote = await this.#leader.payments.priceQuote(request);
    const quote = fromBinary(PriceQuoteSchema, signedQuote.quote);
    const result = await this.#payer.signAndBroadcast(
      this.#address,
      [payFor(this.#address, quote.fees?.tokens ?? 0n, quote.nonce)],
      "auto",
    );
    if (result.code !== 0) throw new Error(`payment failed: ${result.rawLog}`);
    return this.#leader.payments.paymentReceipt({ signedQuote, txHash: result.transactionHash });
  }

  /** Sends each node its shares; resolves the values id. */
  async store(shares: readonly PartyShares[], signedReceipt: SignedReceipt): Promise<Uint8Array> {
    const owner = { contents: this.key.userId.bytes };
    const ids = await Promise.all(
      this.#nodes.map((node) =>
        node.values.storeValues({
          values: sharesFor(shares, node.nodeId),
          permissions: { owner, retrieve: [owner], update: [owner], delete: [owner] },
          signedReceipt,
        }),
      ),
    );
    return ids[0]?.valuesId ?? new Uint8Array();
  }

  /** Every node's shares of the values a retrieve receipt names. */
  retrieve(signedReceipt: SignedReceipt) {
    return Promise.all(
      this.#nodes.map(async (node) => ({
        party: node.nodeId,
        values: (await node.values.retrieveValues({ signedReceipt })).values,
      })),
    );
  }
}
