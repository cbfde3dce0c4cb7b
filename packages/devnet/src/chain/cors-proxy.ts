// The browser-facing port `nillion-devnet` puts in front of the chain RPC: it forwards requests on `/`
// (any method, query string kept) to the RPC and appends the CORS headers browsers need. Other paths get
// 404; an unreachable RPC gets 400, as the devnet's proxy answers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { closeOnlySilentConnections } from "../transport/close-only-silent-connections.js";
import { requestUrl } from "./request-url.js";
import { listen } from "./rpc-server.js";

/** The headers the proxy adds to every forwarded response. */
export const CORS_HEADERS = Object.freeze({
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST",
  "Access-Control-Allow-Headers": "content-type",
});

/**
 * Starts the proxy on `host:port` (0 for an ephemeral port), forwarding to the RPC at `target`.
 *
 * @returns the listening server and its port
 */
export async function startCorsProxy(
  target: { host: string; port: number },
  host: string,
  port: number,
): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((request, response) => {
    if (requestUrl(request.url)?.pathname !== "/") {
      response.writeHead(404).end();
      return;
    }
    const upstream = http.request(
      {
        host: target.host,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, { ...reply.headers, ...CORS_HEADERS });
        reply.pipe(response);
      },
    );
    upstream.on("error", () => {
      if (!response.headersSent) response.writeHead(400);
      response.end();
    });
    request.pipe(upstream);
  });
  closeOnlySilentConnections(server);
  await listen(server, host, port);
  return { server, port: (server.address() as AddressInfo).port };
}
