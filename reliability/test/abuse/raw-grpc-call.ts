import http2 from "node:http2";
import { statusName } from "./outcome.js";

/**
 * One unary gRPC call written by hand over HTTP/2, for what a gRPC library will not send: the same
 * metadata key several times (each value its own header field on the wire). Resolves the status name
 * and message the node answered with; rejects only if the node answered no gRPC status at all.
 *
 * @example
 * ```ts
 * const answer = await rawUnaryCall(node.url, "/nillion.membership.v1.Membership/Cluster", new Uint8Array(), {
 *   "x-nillion-token": [aliceToken, bobToken],
 * });
 * ```
 */
export function rawUnaryCall(
  url: string,
  path: string,
  message: Uint8Array,
  metadata: Readonly<Record<string, string | readonly string[]>>,
): Promise<{ readonly code: string; readonly message: string }> {
  const session = http2.connect(url);
  return new Promise<{ code: string; message: string }>((resolve, reject) => {
    session.on("error", reject);
    const stream = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc",
      te: "trailers",
      ...metadata,
    });
    let status: http2.IncomingHttpHeaders = {};
    // A trailers-only answer carries the status in the headers; otherwise it comes in the trailers.
    stream.on("response", (headers) => {
      if (headers["grpc-status"] !== undefined) status = headers;
    });
    stream.on("trailers", (trailers) => {
      status = trailers;
    });
    stream.on("data", () => {});
    stream.on("error", reject);
    stream.on("end", () => {
      const code = status["grpc-status"];
      if (typeof code !== "string") {
        reject(new Error(`${path} on ${url} answered no grpc-status`));
        return;
      }
      resolve({
        code: statusName(Number(code)),
        message: decodeURIComponent(String(status["grpc-message"] ?? "")),
      });
    });
    // gRPC framing: an uncompressed flag byte, a 4-byte big-endian length, the message.
    const frame = Buffer.alloc(5 + message.length);
    frame.writeUInt32BE(message.length, 1);
    frame.set(message, 5);
    stream.end(frame);
  }).finally(() => session.close());
}
