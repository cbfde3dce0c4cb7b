import http2 from "node:http2";
import { discardUnreadBody } from "./discard-unread-body.js";

// A Node HTTP/2 client counts the request bytes it has queued but not yet sent against its session memory
// (10 MB by default) and, past that, resets every stream that receives headers with ENHANCE_YOUR_CALM: two
// 6 MiB requests waiting in its queue break the whole session. This server keeps that queue empty.

// Each stream's flow-control window holds a whole request, well past the nodes' 6 MiB message limit, so a
// client never waits for window updates to send one; it still bounds what one stream may buffer here.
const STREAM_WINDOW_BYTES = 16 * 1024 * 1024;
// Node acknowledges connection-level bytes as they arrive, so this window (HTTP/2's largest) bounds
// nothing on this side; with the default 64 KiB all streams of a session would share 64 KiB in flight.
const CONNECTION_WINDOW_BYTES = 2 ** 31 - 1;

/**
 * A cleartext HTTP/2 server (compatibility API) on which one client's large or refused requests cannot
 * break the client's other calls:
 *
 * - the windows above let a client send each request at once instead of queueing it;
 * - a new session's requests are handled once the client has acknowledged those windows: a request
 *   refused before then would be answered while its bytes are still queued on the client, and the
 *   client would reject the answer;
 * - what a handler left unread of a request (the rest of a message refused as too large) is read and
 *   dropped ({@link discardUnreadBody}).
 *
 * @example
 * ```ts
 * const server = createHttp2Server(connectNodeAdapter({ routes }));
 * server.emit("connection", socket); // or server.listen(port)
 * ```
 */
export function createHttp2Server(
  handler: (request: http2.Http2ServerRequest, response: http2.Http2ServerResponse) => void,
): http2.Http2Server {
  // The requests of each session still waiting for its first SETTINGS acknowledgement.
  const waiting = new WeakMap<http2.Http2Session, Array<() => void>>();
  const server = http2.createServer(
    { settings: { initialWindowSize: STREAM_WINDOW_BYTES } },
    (request, response) => {
      discardUnreadBody(request.stream);
      const session = request.stream.session;
      const queue = session === undefined ? undefined : waiting.get(session);
      if (queue === undefined) handler(request, response);
      else queue.push(() => handler(request, response));
    },
  );
  server.on("session", (session) => {
    session.setLocalWindowSize(CONNECTION_WINDOW_BYTES);
    const queue: Array<() => void> = [];
    waiting.set(session, queue);
    session.once("localSettings", () => {
      waiting.delete(session);
      for (const handle of queue) handle();
    });
  });
  return server;
}
