import http from "node:http";
import type http2 from "node:http2";
import net from "node:net";
import { closeOnlySilentConnections } from "./close-only-silent-connections.js";
import { createHttp2Server, type Http2ServerOptions } from "./create-http2-server.js";
import { ifStillSilent } from "./if-still-silent.js";

/** A request handler that serves both HTTP/1.1 and HTTP/2 (the Node compatibility APIs). */
export type DualRequestHandler = (
  request: http.IncomingMessage | http2.Http2ServerRequest,
  response: http.ServerResponse | http2.Http2ServerResponse,
) => void;

export interface OnePortServerOptions extends Http2ServerOptions {
  readonly handler: DualRequestHandler;
  /** Interface to bind; `127.0.0.1` by default. */
  readonly host?: string;
  /** Port to bind; 0 picks a free one. */
  readonly port?: number;
  /**
   * How long a new connection may stay silent before it has said which protocol it speaks; 10 s by
   * default. Counted from its last byte; bytes that arrived while the event loop was blocked are not
   * silence.
   */
  readonly sniffTimeoutMs?: number;
  /** How long an HTTP/1.1 connection may stay silent between requests; Node's 5 s by default. */
  readonly keepAliveTimeoutMs?: number;
}

export interface OnePortServer {
  /** The bound port. */
  readonly port: number;
  /** `http://<host>:<port>`, the URL clients use for every protocol. */
  readonly url: string;
  /** Stops accepting, ends every connection and resolves once the port is released. */
  close(): Promise<void>;
}

// Every HTTP/2 cleartext connection starts with this preface; HTTP/1.1 requests never do.
const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
const DEFAULT_SNIFF_TIMEOUT_MS = 10_000;

/**
 * Serves HTTP/1.1 and cleartext HTTP/2 on one port by reading the first bytes of each connection, as
 * tonic does for nilvm nodes: a cluster member advertises a single `grpc_endpoint`, and it must serve
 * gRPC (HTTP/2) clients and gRPC-web (HTTP/1.1) browsers alike.
 *
 * @example
 * ```ts
 * const server = await listenOnePort({ handler: connectNodeAdapter({ routes }), port: 0 });
 * createGrpcTransport({ baseUrl: server.url }); // and createGrpcWebTransport({ baseUrl: server.url, httpVersion: "1.1" })
 * await server.close();
 * ```
 */
export async function listenOnePort(options: OnePortServerOptions): Promise<OnePortServer> {
  const http1 = http.createServer(
    options.keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeout: options.keepAliveTimeoutMs },
    options.handler,
  );
  closeOnlySilentConnections(http1);
  const sessions = new Set<http2.ServerHttp2Session>();
  const http2Server = createHttp2Server(options.handler, options);
  http2Server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    routeByPreface(socket, http1, http2Server, options.sniffTimeoutMs ?? DEFAULT_SNIFF_TIMEOUT_MS);
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.destroy();
      http1.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function routeByPreface(
  socket: net.Socket,
  http1: http.Server,
  http2Server: http2.Http2Server,
  sniffTimeoutMs: number,
): void {
  let seen = Buffer.alloc(0);
  let routed = false;
  const rearm = (): void => {
    if (!routed) timer.refresh();
  };
  const timer = setTimeout(() => ifStillSilent(socket, () => socket.destroy(), rearm), sniffTimeoutMs);
  const decide = (): void => {
    for (let chunk = socket.read() as Buffer | null; chunk !== null; chunk = socket.read() as Buffer | null) {
      seen = Buffer.concat([seen, chunk]);
    }
    const compared = Math.min(seen.length, PREFACE.length);
    const isPrefaceSoFar = seen.subarray(0, compared).equals(PREFACE.subarray(0, compared));
    if (isPrefaceSoFar && seen.length < PREFACE.length) {
      timer.refresh(); // not enough bytes to tell yet; silence is counted from here
      return;
    }
    routed = true;
    socket.off("readable", decide);
    socket.off("end", onEnd);
    clearTimeout(timer);
    socket.unshift(seen);
    (isPrefaceSoFar ? http2Server : http1).emit("connection", socket);
  };
  const onEnd = (): void => {
    clearTimeout(timer);
    socket.destroy();
  };
  socket.on("readable", decide);
  socket.once("end", onEnd);
}
