// Our own session manager rather than connect-node's Http2SessionManager: on abort and on every state
// change that one removes the session's 'error' listener, while Node.js emits a failed session's error
// only once its socket has closed, after the streams have already failed with it. An 'error' event with
// no listener kills the process: a bootnode URL pointing at an HTTP/1.1 server did exactly that. Here
// every session keeps one listener for its whole life.
import http2 from "node:http2";
import { Code, ConnectError } from "@connectrpc/connect";
import { NotHttp2Error } from "./not-http2-error.js";

// Node counts request bytes not yet sent against a session's memory (10 MB by default) and, past it,
// resets every stream with ENHANCE_YOUR_CALM: a few concurrent uploads near the 6 MiB message limit
// would fail every call on the connection. Each request is bounded by that limit, so lift it, as grpc-js
// does.
const UNLIMITED_SESSION_MEMORY_MB = Number.MAX_SAFE_INTEGER;

/** gRPC's minimum connect timeout (grpc/grpc: doc/connection-backoff.md, MIN_CONNECT_TIMEOUT). */
const HANDSHAKE_TIMEOUT_MS = 20_000;

// Failures that prove the peer does not speak HTTP/2: nghttp2 could not read its first bytes as frames,
// or a TLS server refused the `h2` protocol.
const NOT_HTTP2_CODES: ReadonlyMap<string, string> = new Map([
  ["ERR_HTTP2_ERROR", "it answered the HTTP/2 connection preface with something else (HTTP/1.1?)"],
  ["ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL", "its TLS server does not offer HTTP/2 (ALPN h2)"],
]);

/** One HTTP/2 session and what the connection tracks of it. */
interface Live {
  readonly session: http2.ClientHttp2Session;
  /** Settles when the peer has sent its SETTINGS (the HTTP/2 handshake), or when it never will. */
  readonly handshake: Promise<void>;
  streams: number;
}

/**
 * The HTTP/2 connection to one node, in the shape connect-node's gRPC transport takes as its
 * `sessionManager`. A session opens on the first request and is reused until it closes or the peer
 * sends GOAWAY; it keeps the process alive only while a request waits for it or a stream is open.
 *
 * A request fails before anything is sent when the peer does not complete the HTTP/2 handshake: with a
 * {@link NotHttp2Error} as cause when it answers in another protocol, as `UNAVAILABLE` when it closes the
 * connection or stays silent for `handshakeTimeoutMs`, with Node's own error when it cannot be reached.
 */
export class Http2Connection {
  /** The origin connected to, e.g. `http://127.0.0.1:37939`. */
  readonly authority: string;
  readonly #handshakeTimeoutMs: number;
  /** Every session not yet closed: the current one, and any the peer is draining after GOAWAY. */
  readonly #sessions = new Set<http2.ClientHttp2Session>();
  #current: Live | undefined;
  #closed = false;

  constructor(baseUrl: string, handshakeTimeoutMs = HANDSHAKE_TIMEOUT_MS) {
    this.authority = new URL(baseUrl).origin;
    this.#handshakeTimeoutMs = handshakeTimeoutMs;
  }

  async request(
    method: string,
    path: string,
    headers: http2.OutgoingHttpHeaders,
    options: Omit<http2.ClientSessionRequestOptions, "signal">,
  ): Promise<http2.ClientHttp2Stream> {
    const live = this.#usable() ?? this.#open();
    await live.handshake;
    if (this.#closed) throw this.#closedError();
    const stream = live.session.request({ ...headers, ":method": method, ":path": path }, options);
    if (live.streams++ === 0) live.session.ref();
    stream.once("close", () => {
      if (--live.streams === 0) live.session.unref();
    });
    return stream;
  }

  /** connect-node reports reads for its keepalive pings; this connection sends none (nor does connect's by default). */
  notifyResponseByteRead(): void {}

  /** Ends every session and fails their open streams; later requests are refused. */
  close(): void {
    this.#closed = true;
    for (const session of this.#sessions) session.destroy();
  }

  #usable(): Live | undefined {
    if (this.#closed) throw this.#closedError();
    const live = this.#current;
    // Node closes a session on GOAWAY; its open streams finish, new ones need a new session.
    return live && !live.session.closed && !live.session.destroyed ? live : undefined;
  }

  #open(): Live {
    const session = http2.connect(this.authority, { maxSessionMemory: UNLIMITED_SESSION_MEMORY_MB });
    this.#sessions.add(session);
    session.once("close", () => this.#sessions.delete(session));
    let failure: Error | undefined;
    // The listener that keeps the process alive through a session's failure. The streams have the
    // error already; it is kept only to explain a handshake that never completed.
    session.on("error", (error) => {
      failure ??= error;
    });
    let timedOut = false;
    const handshake = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        timedOut = true;
        session.destroy();
      }, this.#handshakeTimeoutMs).unref();
      session.once("remoteSettings", () => {
        clearTimeout(timer);
        // Idle from now on: the requests waiting for it ref it again with their streams.
        session.unref();
        resolve();
      });
      // Node emits a session's 'error' before its 'close', so the failure is known here. After the
      // handshake this rejection changes nothing.
      session.once("close", () => {
        clearTimeout(timer);
        reject(this.#handshakeFailure(failure, timedOut));
      });
    });
    const live: Live = { session, handshake, streams: 0 };
    this.#current = live;
    return live;
  }

  #handshakeFailure(failure: Error | undefined, timedOut: boolean): unknown {
    if (this.#closed) return this.#closedError();
    if (timedOut) {
      return new ConnectError(
        `${this.authority} did not complete the HTTP/2 handshake within ${this.#handshakeTimeoutMs} ms`,
        Code.Unavailable,
      );
    }
    const code = (failure as { code?: unknown } | undefined)?.code;
    if (failure === undefined || code === "ECONNRESET" || code === "EPIPE") {
      // Whether the peer closes or resets depends on whether our preface was still unread. A TLS
      // server called without TLS does either.
      const hint = this.authority.startsWith("http:") ? " (a TLS endpoint needs an https:// URL)" : "";
      return new ConnectError(
        `${this.authority} closed the connection before the HTTP/2 handshake${hint}`,
        Code.Unavailable,
        undefined,
        undefined,
        failure,
      );
    }
    const notHttp2 = typeof code === "string" ? NOT_HTTP2_CODES.get(code) : undefined;
    if (notHttp2 === undefined) return failure;
    // INTERNAL, as gRPC maps a non-gRPC HTTP 400 answer: retrying the same URL cannot help.
    const cause = new NotHttp2Error(this.authority, notHttp2, failure);
    return new ConnectError(cause.message, Code.Internal, undefined, undefined, cause);
  }

  #closedError(): ConnectError {
    return new ConnectError(`the connection to ${this.authority} is closed`, Code.Canceled);
  }
}
