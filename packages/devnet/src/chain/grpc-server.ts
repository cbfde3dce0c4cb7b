// The Cosmos gRPC endpoint (nilchaind's port 26649) for payers that speak gRPC, like the Python client's
// cosmpy: the query services, plus the tx service's BroadcastTx. Messages stay raw bytes on the wire and
// are decoded by the same handlers `abci_query` uses.
import * as grpc from "@grpc/grpc-js";
import { TxResponse } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import {
  BroadcastMode,
  BroadcastTxRequest,
  BroadcastTxResponse,
} from "cosmjs-types/cosmos/tx/v1beta1/service";
import { type Chain, MempoolError, txHash } from "./chain.js";
import { ERR, GrpcCode, GrpcStatusError, SdkError } from "./errors.js";
import { QUERY_SERVICES, type QueryHandler, RequestDecodeError } from "./query-services.js";
import type { TxResult } from "./run-tx.js";

// The Cosmos SDK's gRPC server defaults (server/config: max-recv-msg-size 10 MiB, max-send-msg-size
// MaxInt32); grpc-js would otherwise refuse requests above 4 MiB that nilchaind reads.
const COSMOS_MAX_RECEIVE_BYTES = 10 * 1024 * 1024;
const COSMOS_MAX_SEND_BYTES = 2 ** 31 - 1;

/** What BroadcastTx needs from the running node. */
export interface GrpcNode {
  readonly chain: Chain;
  /** CheckTx, then schedules a block. @throws {MempoolError} */
  submitTx(bytes: Uint8Array): { hash: string; result: TxResult };
}

const raw = {
  requestSerialize: (bytes: Uint8Array) => Buffer.from(bytes),
  requestDeserialize: (bytes: Buffer) => bytes,
  responseSerialize: (bytes: Uint8Array) => Buffer.from(bytes),
  responseDeserialize: (bytes: Buffer) => bytes,
  requestStream: false,
  responseStream: false,
} as const;

/**
 * Starts the gRPC server on `host:port` (0 for an ephemeral port).
 *
 * @returns the server and its port
 */
export async function startGrpcServer(
  node: GrpcNode,
  host: string,
  port: number,
): Promise<{ server: grpc.Server; port: number }> {
  const handlers = new Map<string, QueryHandler>([
    ...QUERY_SERVICES,
    ["/cosmos.tx.v1beta1.Service/BroadcastTx", (_chain, request) => broadcastTx(node, request)],
  ]);
  const services = new Map<string, Map<string, QueryHandler>>();
  for (const [path, handler] of handlers) {
    const [, service = "", method = ""] = path.split("/");
    services.set(service, (services.get(service) ?? new Map()).set(method, handler));
  }
  const server = new grpc.Server({
    "grpc.max_receive_message_length": COSMOS_MAX_RECEIVE_BYTES,
    "grpc.max_send_message_length": COSMOS_MAX_SEND_BYTES,
  });
  for (const [service, methods] of services) {
    const entries = [...methods];
    const definition: grpc.ServiceDefinition = Object.fromEntries(
      entries.map(([method]) => [method, { path: `/${service}/${method}`, ...raw, originalName: method }]),
    );
    const implementation: grpc.UntypedServiceImplementation = Object.fromEntries(
      entries.map(([method, handler]) => [
        method,
        (call: grpc.ServerUnaryCall<Buffer, Uint8Array>, callback: grpc.sendUnaryData<Uint8Array>) =>
          callback(...answer(() => handler(node.chain, new Uint8Array(call.request)))),
      ]),
    );
    server.addService(definition, implementation);
  }
  const bound = await new Promise<number>((resolve, reject) => {
    const address = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, boundPort) =>
      error === null ? resolve(boundPort) : reject(error),
    );
  });
  return { server, port: bound };
}

/** Stops `server`, cutting calls still running after a second. */
export function stopGrpcServer(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.forceShutdown(), 1000);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function answer(run: () => Uint8Array): [grpc.ServiceError | null, Uint8Array | null] {
  try {
    return [null, run()];
  } catch (error) {
    if (error instanceof GrpcStatusError) return [status(error.grpcCode, error.details), null];
    // An error without a status of its own reaches the client as Unknown, with its text.
    if (error instanceof SdkError) return [status(GrpcCode.unknown, error.message), null];
    if (error instanceof RequestDecodeError) {
      return [status(GrpcCode.internal, `grpc: error unmarshalling request: ${error.message}`), null];
    }
    throw error;
  }
}

function status(code: number, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

// BroadcastTx (x/auth/tx `TxServiceBroadcast`): SYNC reports CheckTx, ASYNC only the hash; the mempool's
// own refusals become SDK codes 19 and 21 (`CheckCometError`).
function broadcastTx(node: GrpcNode, request: Uint8Array): Uint8Array {
  let decoded: BroadcastTxRequest;
  try {
    decoded = BroadcastTxRequest.decode(request);
  } catch (error) {
    throw new RequestDecodeError((error as Error).message);
  }
  const { txBytes, mode } = decoded;
  if (txBytes.length === 0) throw new GrpcStatusError(GrpcCode.invalidArgument, "invalid empty tx");
  if (mode !== BroadcastMode.BROADCAST_MODE_SYNC && mode !== BroadcastMode.BROADCAST_MODE_ASYNC) {
    throw new GrpcStatusError(
      GrpcCode.unknown,
      "unsupported return type unspecified; supported types: sync, async",
    );
  }
  const response = (fields: Partial<TxResponse>) =>
    BroadcastTxResponse.encode({ txResponse: TxResponse.fromPartial(fields) }).finish();
  try {
    const { hash, result } = node.submitTx(txBytes);
    if (mode === BroadcastMode.BROADCAST_MODE_ASYNC) return response({ txhash: hash });
    return response({ txhash: hash, code: result.code, codespace: result.codespace, rawLog: result.log });
  } catch (error) {
    if (!(error instanceof MempoolError)) throw error;
    const refused = error.message.includes("already exists in cache") ? ERR.txInMempoolCache : ERR.txTooLarge;
    return response({ txhash: txHash(txBytes), code: refused.code, codespace: refused.codespace });
  }
}
