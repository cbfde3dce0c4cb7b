import type { Interceptor, Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { createSignedToken, encodeTokenHeader, type PrivateKey } from "@nillion/crypto";
import { PeerSessionManager } from "./peer-session-manager.js";

/** Tokens are re-signed this long before they expire, so none expires in flight. */
const TOKEN_TTL_SECONDS = 60;
const RENEW_BEFORE_MS = 10_000;

export interface PeerTransportOptions {
  /** The calling node's key: the receiving node sees its user id as the caller. */
  readonly key: PrivateKey;
  /** The receiving node's 20-byte id, which its tokens must target. */
  readonly targetNodeId: Uint8Array;
  /** The receiving node's `grpc_endpoint`, read when the first call is made. */
  readonly endpoint: () => string;
  readonly maxMessageBytes: number;
}

/**
 * A native gRPC (HTTP/2) transport from one node to another, authenticated as a client would be: every
 * call carries an `x-nillion-token` this node signed for that node. Created lazily, so a cluster can wire
 * its nodes before their ephemeral ports are known.
 *
 * @example
 * ```ts
 * const transport = peerTransport({ key, targetNodeId, endpoint: () => url, maxMessageBytes: 6 << 20 });
 * await createClient(Compute, transport).streamCompute(messages);
 * ```
 */
export function peerTransport(options: PeerTransportOptions): Transport {
  let token: { header: string; renewAt: number } | undefined;
  const authenticate: Interceptor = (next) => (request) => {
    const clock = Date.now();
    if (token === undefined || clock >= token.renewAt) {
      const bytes = createSignedToken({
        signer: options.key,
        targetNodeId: options.targetNodeId,
        ttlSeconds: TOKEN_TTL_SECONDS,
      });
      token = {
        header: encodeTokenHeader(bytes),
        renewAt: clock + TOKEN_TTL_SECONDS * 1000 - RENEW_BEFORE_MS,
      };
    }
    request.header.set("x-nillion-token", token.header);
    return next(request);
  };
  let transport: Transport | undefined;
  const resolve = () => {
    if (transport === undefined) {
      const baseUrl = options.endpoint();
      transport = createGrpcTransport({
        baseUrl,
        sessionManager: new PeerSessionManager(baseUrl),
        interceptors: [authenticate],
        readMaxBytes: options.maxMessageBytes,
        writeMaxBytes: options.maxMessageBytes,
      });
    }
    return transport;
  };
  return {
    unary: (...args) => resolve().unary(...args),
    stream: (...args) => resolve().stream(...args),
  };
}
