import type http2 from "node:http2";
import { Http2SessionManager } from "@connectrpc/connect-node";

/**
 * connect-node's HTTP/2 session manager, with an `error` listener kept on every session for its whole
 * life. The manager removes its own listener as soon as it moves on from a session, e.g. when a peer that
 * is shutting down sends GOAWAY on an idle session and the next call opens a new one; Node.js emits that
 * session's error only later, once its socket has closed, and an `error` event with no listener is an
 * uncaught exception. It killed the leader whenever a peer restarted (connect-es issue 1768). By then the
 * manager has already failed or moved the session's calls, so the late error carries nothing to act on.
 */
export class PeerSessionManager extends Http2SessionManager {
  readonly #guarded = new WeakSet<http2.Http2Session>();

  override async request(
    ...args: Parameters<Http2SessionManager["request"]>
  ): Promise<http2.ClientHttp2Stream> {
    const stream = await super.request(...args);
    const session = stream.session;
    if (session !== undefined && !this.#guarded.has(session)) {
      this.#guarded.add(session);
      session.on("error", ignoreLateError);
    }
    return stream;
  }
}

function ignoreLateError(): void {}
