import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { createSignedToken, encodeTokenHeader, type Signer, TOKEN_HEADER } from "@nillion/crypto";

/** How long a token lives: 60 s, as in every official client. */
const TOKEN_TTL_SECONDS = 60;
/**
 * A token is replaced once less than this much of its life is left. Half the TTL: a call started just
 * before the swap still has 30 s to reach the node, and a node whose clock runs up to 30 s ahead of
 * ours still accepts it (nodes check only `expires_at < now`, wire-protocol.md §3.2).
 */
const RENEW_BEFORE_MS = 30_000;

/** Options of {@link authInterceptor}. */
export interface AuthInterceptorOptions {
  /** The clock tokens are dated by, in epoch milliseconds (default `Date.now`); for tests. */
  readonly now?: () => number;
}

interface CachedToken {
  readonly header: string;
  readonly renewAt: number;
}

/**
 * An interceptor that authenticates every call to the node `nodeId` with an `x-nillion-token` (base64,
 * the form gRPC-web can carry). One signed token is reused until half its minute is gone, as the Rust
 * and Python clients do: a signature per call would cost the client an ECDSA signing and the node an
 * ECDSA verification on every RPC, while the node caches a verified header and only rechecks its expiry.
 *
 * A reused token the node refuses (UNAUTHENTICATED: its clock is further ahead than the margin, say) is
 * dropped and the call is sent once more with a fresh one; the node refuses before any handler reads the
 * request, so no receipt has been consumed. A streamed request cannot be replayed: the next call re-signs.
 *
 * @example
 * ```ts
 * const transport = createGrpcTransport({ baseUrl, interceptors: [authInterceptor(key, node.id)] });
 * ```
 */
export function authInterceptor(
  signer: Signer,
  nodeId: Uint8Array,
  options: AuthInterceptorOptions = {},
): Interceptor {
  const now = options.now ?? Date.now;
  let cached: CachedToken | undefined;
  const sign = (clock: number): CachedToken => {
    const bytes = createSignedToken({
      signer,
      targetNodeId: nodeId,
      ttlSeconds: TOKEN_TTL_SECONDS,
      now: new Date(clock),
    });
    cached = {
      header: encodeTokenHeader(bytes),
      renewAt: clock + TOKEN_TTL_SECONDS * 1000 - RENEW_BEFORE_MS,
    };
    return cached;
  };
  const send = async <T>(next: () => Promise<T>, token: CachedToken): Promise<T> => {
    try {
      return await next();
    } catch (error) {
      // Only the first of several concurrent refusals drops the token; the others find a fresh one.
      if (error instanceof ConnectError && error.code === Code.Unauthenticated && cached === token) {
        cached = undefined;
      }
      throw error;
    }
  };
  return (next) => async (request) => {
    const clock = now();
    const reused = cached !== undefined && clock < cached.renewAt;
    const token = reused && cached ? cached : sign(clock);
    request.header.set(TOKEN_HEADER, token.header);
    try {
      return await send(() => next(request), token);
    } catch (error) {
      const refused = error instanceof ConnectError && error.code === Code.Unauthenticated;
      if (!refused || !reused || request.stream) throw error;
      const fresh = sign(now());
      request.header.set(TOKEN_HEADER, fresh.header);
      return await send(() => next(request), fresh);
    }
  };
}
