import { createClient } from "@connectrpc/connect";
import { SecretMasker, type Signer, userIdFromPublicKey } from "@nillion/crypto";
import { balanceSupported, createPaymentsClient, type Payer, type PaymentMode } from "@nillion/payments";
import type { Cluster as ClusterMessage } from "@nillion/proto/nillion/membership/v1/cluster";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import { InvalidArgumentError, isBytes, isNillionError } from "@nillion/types";
import { authInterceptor } from "./auth-interceptor.js";
import { CallScope } from "./call-scope.js";
import { type ClusterNode, clusterFromMessage } from "./cluster.js";
import { openDefaultTransport } from "./default-transport.js";
import type { Network } from "./network.js";
import { type CallEnvironment, callNode } from "./node-call.js";
import { fetchNodeVersion } from "./node-version.js";
import { NotHttp2Error } from "./not-http2-error.js";
import { resolveRetryPolicy } from "./retry-policy.js";
import { type Connection, Session } from "./session.js";
import type { OwnedTransport, TransportTarget } from "./transport-factory.js";
import type { VmClientOptions } from "./vm-client-options.js";

/** A connected session and the means to release its connections. */
export interface OpenedSession {
  readonly session: Session;
  /** Closes the transports the client opened (not those a custom factory built). */
  close(): void;
}

/**
 * Connects to `network`: fetches the cluster from the bootnode, opens one authenticated transport per
 * member (and one to the leader unless it is a member at the same endpoint), and picks the payment mode
 * from the leader's version. Whatever was opened is closed again if any step fails.
 */
export async function connectSession(
  key: Signer,
  network: Network,
  payer: Payer,
  options: VmClientOptions,
): Promise<OpenedSession> {
  assertKey(key);
  assertNetwork(network);
  assertPayer(payer);
  const retry = resolveRetryPolicy(options.retry);
  const extra = [...(options.interceptors ?? [])];
  const open = (target: TransportTarget): OwnedTransport =>
    options.transport
      ? { transport: options.transport(target), close: () => {} }
      : openDefaultTransport(target);
  const environment: CallEnvironment = {
    scope: CallScope.open("connect", options),
    retry,
    onRetry: options.onRetry,
  };

  // Membership is served without a token; the nodes' ids are not known yet anyway.
  const bootnode = network.nilvmGrpcEndpoint;
  const bootstrap = open({ baseUrl: bootnode, interceptors: extra });
  let clusterMessage: ClusterMessage;
  try {
    clusterMessage = await fetchCluster(environment, bootstrap, bootnode);
  } finally {
    bootstrap.close();
  }
  const cluster = clusterFromMessage(clusterMessage, bootnode);

  const opened: OwnedTransport[] = [];
  const connect = (node: ClusterNode): Connection => {
    const owned = open({
      baseUrl: node.grpcEndpoint,
      interceptors: [authInterceptor(key, node.id), ...extra],
    });
    opened.push(owned);
    return { node, transport: owned.transport };
  };
  const close = () => {
    for (const owned of opened) owned.close();
  };
  try {
    const members = cluster.members.map(connect);
    const leader =
      members.find(
        ({ node }) =>
          node.idHex === cluster.leader.idHex && node.grpcEndpoint === cluster.leader.grpcEndpoint,
      ) ?? connect(cluster.leader);
    const version = await fetchNodeVersion(environment, leader);
    const paymentMode: PaymentMode = balanceSupported(version)
      ? (options.paymentMode ?? "balance")
      : "per-operation";
    const userId = userIdFromPublicKey(key.publicKey);
    const session = new Session({
      userId,
      cluster,
      members,
      leader,
      masker: new SecretMasker({
        prime: cluster.prime,
        degree: cluster.polynomialDegree,
        parties: cluster.members.map((member) => member.id),
      }),
      payments: createPaymentsClient({
        transport: leader.transport,
        payer,
        mode: paymentMode,
        leader: leader.node.grpcEndpoint,
        userId,
      }),
      retry,
      onRetry: options.onRetry,
      defaultTimeoutMs: options.defaultTimeoutMs,
    });
    return { session, close };
  } catch (error) {
    close();
    throw error;
  }
}

async function fetchCluster(
  environment: CallEnvironment,
  bootstrap: OwnedTransport,
  bootnode: string,
): Promise<ClusterMessage> {
  const client = createClient(Membership, bootstrap.transport);
  try {
    return await callNode(
      environment,
      { node: bootnode, method: "Membership/Cluster" },
      "idempotent",
      (options) => client.cluster({}, options),
    );
  } catch (error) {
    // The bootnode is the one URL the caller typed: a peer in another protocol means a wrong URL (often
    // the chain's JSON-RPC port), not a failing node.
    const notHttp2 = isNillionError(error) ? error.walk((e) => e instanceof NotHttp2Error) : undefined;
    if (!(notHttp2 instanceof NotHttp2Error)) throw error;
    throw new InvalidArgumentError(
      `"network.nilvmGrpcEndpoint" must be the gRPC URL of a nilvm node (the network file's "bootnode"), not e.g. the chain's JSON-RPC port; for a gRPC-web endpoint pass a "transport": ${notHttp2.message}`,
      { argument: "network.nilvmGrpcEndpoint", cause: error, details: { node: bootnode } },
    );
  }
}

function assertKey(key: unknown): asserts key is Signer {
  const signer = key as Partial<Signer> | null;
  if (typeof signer?.sign !== "function" || !isBytes(signer.publicKey)) {
    throw new InvalidArgumentError(
      `"key" expected a private key (PrivateKey from @nillion/crypto) or a Signer`,
      {
        argument: "key",
      },
    );
  }
}

function assertNetwork(network: unknown): asserts network is Network {
  if (typeof (network as Partial<Network> | null)?.nilvmGrpcEndpoint !== "string") {
    throw new InvalidArgumentError(`"network" expected a Network (e.g. Network.devnet(…))`, {
      argument: "network",
    });
  }
}

function assertPayer(payer: unknown): asserts payer is Payer {
  if (typeof (payer as Partial<Payer> | null)?.submitPayment !== "function") {
    throw new InvalidArgumentError(`"payer" expected a Payer (e.g. a NilChainPayer)`, { argument: "payer" });
  }
}
