import type { Interceptor } from "@connectrpc/connect";
import { createSignedToken, encodeTokenHeader, type Signer, TOKEN_HEADER } from "@nillion/crypto";

/** How long a token lives: 60 s, as in every official client. */
const TOKEN_TTL_SECONDS = 60;

/**
 * An interceptor that signs a fresh token for `nodeId` on every call and sends it as `x-nillion-token`
 * (base64, the form gRPC-web can carry). A fresh token per call, as the official TS client does, keeps
 * the full minute of validity against clock skew; signing costs far less than the call.
 *
 * @example
 * ```ts
 * const transport = createGrpcTransport({ baseUrl, interceptors: [authInterceptor(key, node.id)] });
 * ```
 */
export function authInterceptor(signer: Signer, nodeId: Uint8Array): Interceptor {
  return (next) => (request) => {
    const token = createSignedToken({ signer, targetNodeId: nodeId, ttlSeconds: TOKEN_TTL_SECONDS });
    request.header.set(TOKEN_HEADER, encodeTokenHeader(token));
    return next(request);
  };
}
