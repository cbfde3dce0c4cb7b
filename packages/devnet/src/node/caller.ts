import {
  Code,
  ConnectError,
  createContextKey,
  type HandlerContext,
  type Interceptor,
} from "@connectrpc/connect";
import { type VerifiedToken, verifySignedToken } from "@nillion/crypto";
import { UnauthenticatedError, type UserId } from "@nillion/types";

/** The authenticated caller of a request, when it carried a valid token. */
export const callerKey = createContextKey<UserId | undefined>(undefined, { description: "nillion caller" });

export interface CallerInterceptorOptions {
  /** This node's id: tokens must target it. */
  readonly nodeId: Uint8Array;
  /** Clock, for tests. */
  readonly now?: () => Date;
  /** Verified tokens remembered by header text (the node keeps 2,048). */
  readonly cacheSize?: number;
}

/**
 * Authenticates every call as a nilvm node's interceptor does (wire-protocol.md §3.2): the token is read
 * from `x-nillion-token-bin`, else `x-nillion-token`; a call without one goes on unauthenticated, and a
 * bad one fails whatever the method, Membership included. A verified header is cached, after which only
 * its expiry is checked again, as on the node.
 *
 * @example
 * ```ts
 * connectNodeAdapter({ routes, interceptors: [callerInterceptor({ nodeId })] });
 * ```
 */
export function callerInterceptor(options: CallerInterceptorOptions): Interceptor {
  const now = options.now ?? (() => new Date());
  const cacheSize = options.cacheSize ?? 2048;
  const cache = new Map<string, VerifiedToken>();
  return (next) => async (request) => {
    const header = request.header.get("x-nillion-token-bin") ?? request.header.get("x-nillion-token");
    if (header === null) return next(request);
    const clock = now();
    let verified = cache.get(header);
    if (verified) {
      if (verified.expiresAt < clock) {
        cache.delete(header);
        throw new ConnectError("token is expired", Code.Unauthenticated);
      }
      cache.delete(header); // re-inserted below: Map order is the LRU order
    } else {
      try {
        verified = verifySignedToken(header, { nodeId: options.nodeId, now: clock });
      } catch (error) {
        if (error instanceof UnauthenticatedError)
          throw new ConnectError(error.message, Code.Unauthenticated);
        throw error;
      }
    }
    cache.set(header, verified);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
    request.contextValues.set(callerKey, verified.userId);
    return next(request);
  };
}

/**
 * The caller of a method that needs one; the node's answer to an anonymous call is PERMISSION_DENIED
 * "permissions denied".
 */
export function requireCaller(context: HandlerContext): UserId {
  const caller = context.values.get(callerKey);
  if (caller === undefined) throw new ConnectError("permissions denied", Code.PermissionDenied);
  return caller;
}
