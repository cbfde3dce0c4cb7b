import http2 from "node:http2";
import { discardUnreadBody } from "./discard-unread-body.js";

// A Node HTTP/2 client counts the request bytes it has queued but not yet sent against its session memory
// (10 MB by default) and, past that, resets every stream that receives headers with ENHANCE_YOUR_CALM: two
// 6 MiB requests waiting in its queue break the whole session. This server keeps that queue empty.

// Each stream's flow-control window holds a whole request, well past the nodes' 6 MiB message limit, so a
// client never waits for window updates to send one.
const STREAM_WINDOW_BYTES = 16 * 1024 * 1024;
// Node acknowledges connection-level bytes as they arrive, so this window (HTTP/2's largest) bounds
// nothing on this side; with the default 64 KiB all streams of a session would share 64 KiB in flight.
const CONNECTION_WINDOW_BYTES = 2 ** 31 - 1;
// What a session carrying streamed requests goes back to: there flow control must pace the sender, whose
// messages would otherwise pile up here as fast as it can produce them.
const PACED_STREAM_WINDOW_BYTES = http2.getDefaultSettings().initialWindowSize ?? 65_535;

export interface Http2ServerOptions {
  /**
   * The paths of RPCs whose requests stream (client-streaming and bidi, between nodes). A session that
   * carries one is paced with HTTP/2's default stream window.
   */
  readonly streamingRequestPaths?: ReadonlySet<string>;
}

/**
 * A cleartext HTTP/2 server (compatibility API) on which one client's large or refused requests cannot
 * break the client's other calls:
 *
 * - the windows above let a client send each request at once instead of queueing it; a session that
 *   streams requests ({@link Http2ServerOptions.streamingRequestPaths}) is paced as HTTP/2 paces by default;
 * - a new session's requests are handled once the client has acknowledged those windows: a request
 *   refused before then would be answered while its bytes are still queued on the client, and the
 *   client would reject the answer;
 * - what a handler left unread of a request (the rest of a message refused as too large) is read and
 *   dropped ({@link discardUnreadBody}).
 *
 * @example
 * ```ts
 * const server = createHttp2Server(connectNodeAdapter({ routes }), { streamingRequestPaths });
 * server.emit("connection", socket); // or server.listen(port)
 * ```
 */
export function createHttp2Server(
  handler: (request: http2.Http2ServerRequest, response: http2.Http2ServerResponse) => void,
  options: Http2ServerOptions = {},
): http2.Http2Server {
  // The requests of each session still waiting for its first SETTINGS acknowledgement.
  const waiting = new WeakMap<http2.Http2Session, Array<() => void>>();
  const paced = new WeakSet<http2.Http2Session>();
  const server = http2.createServer(
    { settings: { initialWindowSize: STREAM_WINDOW_BYTES } },
    (request, response) => {
      discardUnreadBody(request.stream);
      const session = request.stream.session;
      if (session === undefined) return; // closed meanwhile: the stream is gone with it
      if (options.streamingRequestPaths?.has(request.url) && !paced.has(session)) {
        paced.add(session);
        session.settings({ initialWindowSize: PACED_STREAM_WINDOW_BYTES });
      }
      const queue = waiting.get(session);
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
