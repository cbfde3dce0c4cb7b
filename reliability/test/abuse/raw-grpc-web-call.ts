import http from "node:http";
import { envelope } from "../support/grpc-envelopes.js";

// Node's own HTTP/1.1 client, not the fuzzer's hand-written bytes (fuzz/raw-http1.ts): nothing here lies about
// framing, and what is asserted is what an ordinary client stack gets back.

/**
 * One gRPC-web call over HTTP/1.1 with an empty message, as a browser sends it, carrying `headers`
 * verbatim. Resolves the HTTP status: 200 for any gRPC answer (the gRPC status then travels in the body),
 * or what the HTTP layer refused it with (e.g. 431 for headers over Node's 16 KiB limit).
 *
 * @example
 * ```ts
 * await grpcWebHttpStatus(node.url, "/nillion.membership.v1.Membership/Cluster", { "x-nillion-token": "A".repeat(20_000) }); // 431
 * ```
 */
export function grpcWebHttpStatus(
  url: string,
  path: string,
  headers: Readonly<Record<string, string>>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}${path}`,
      { method: "POST", headers: { "content-type": "application/grpc-web+proto", ...headers } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(envelope(0, new Uint8Array()));
  });
}
