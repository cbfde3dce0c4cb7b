import type http2 from "node:http2";

/**
 * Once the response on `stream` is written, reads and drops whatever of the request body its handler left
 * unread, e.g. the rest of a message refused as too large.
 *
 * Left unread, those bytes would stay buffered in the stream, which would stay open for the life of the
 * session; what did not fit in the stream's flow-control window would stay in the client's send queue,
 * where a Node client counts it against its session memory until that session fails.
 *
 * @example
 * ```ts
 * http2.createServer((request, response) => {
 *   discardUnreadBody(request.stream);
 *   handler(request, response);
 * });
 * ```
 */
export function discardUnreadBody(stream: http2.ServerHttp2Stream): void {
  stream.once("finish", () => {
    if (stream.readableEnded || stream.destroyed) return;
    // The compatibility layer's listener pushes into a request the handler may have destroyed, and pauses
    // the stream when that fails.
    stream.removeAllListeners("data");
    stream.on("data", () => {});
    // A stream paused with a full buffer stopped reading its socket; resuming it from a pause restarts that.
    stream.pause();
    stream.resume();
  });
}
