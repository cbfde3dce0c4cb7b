import type { DualRequestHandler } from "./one-port-server.js";

// What tonic's `CorsLayer::permissive()` answers, so browsers can call nodes from any origin with the
// `x-nillion-token` header and read the gRPC status trailers-in-body of gRPC-web.
const CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "*",
  "access-control-allow-headers": "*",
  "access-control-expose-headers": "*",
  "access-control-max-age": "86400",
};

/**
 * Wraps a handler with permissive CORS: preflight requests are answered here with 204, every other
 * response carries the allow/expose headers.
 *
 * @example
 * ```ts
 * await listenOnePort({ handler: withPermissiveCors(connectNodeAdapter({ routes })) });
 * ```
 */
export function withPermissiveCors(handler: DualRequestHandler): DualRequestHandler {
  return (request, response) => {
    for (const [name, value] of Object.entries(CORS_HEADERS)) response.setHeader(name, value);
    if (request.method === "OPTIONS") {
      response.writeHead(204);
      response.end();
      return;
    }
    handler(request, response);
  };
}
