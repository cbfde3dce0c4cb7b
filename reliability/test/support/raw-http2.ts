// A bare HTTP/2 client: the request's headers and body go out exactly as given, and whatever comes back
// (response, reset, a dead session, nothing) is reported rather than thrown.
import http2 from "node:http2";
import { flatHeaders, type RawReply } from "./raw-reply.js";

/** HTTP/2 error codes (RFC 9113 §7) by number, for failure texts. */
const RST_NAMES: Readonly<Record<number, string>> = {
  1: "PROTOCOL_ERROR",
  2: "INTERNAL_ERROR",
  3: "FLOW_CONTROL_ERROR",
  7: "REFUSED_STREAM",
  8: "CANCEL",
  9: "COMPRESSION_ERROR",
  11: "ENHANCE_YOUR_CALM",
};

export interface Http2Request {
  readonly method?: string;
  readonly path: string;
  /** Request headers besides the pseudo-headers, sent as they are; a list is one header field per value. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Uint8Array;
}

/**
 * HTTP/2 to one origin, one session at a time: a session the server tore down is replaced on the next
 * request, and the request that was running when it went down reports it (`sessionFault`).
 *
 * @example
 * ```ts
 * const client = new Http2Client("http://127.0.0.1:37939");
 * const reply = await client.exchange({ path: "/x", headers: { "content-type": "application/grpc" }, body }, 5_000);
 * client.close();
 * ```
 */
export class Http2Client {
  readonly url: string;
  #session: http2.ClientHttp2Session | undefined;
  #fault: string | undefined;

  constructor(url: string) {
    this.url = url;
  }

  async exchange(request: Http2Request, timeoutMs: number): Promise<RawReply> {
    const session = this.#live();
    this.#fault = undefined;
    const started = performance.now();
    const reply = await new Promise<Omit<RawReply, "ms" | "sessionFault">>((resolve) => {
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request(
          { ":method": request.method ?? "POST", ":path": request.path, ...request.headers },
          { endStream: false },
        );
      } catch (error) {
        resolve({
          ending: "error",
          headers: {},
          trailers: {},
          body: new Uint8Array(),
          detail: String(error),
        });
        return;
      }
      let headers: Record<string, string> | undefined;
      let trailers: Record<string, string> = {};
      const chunks: Buffer[] = [];
      const answered = () => ({
        ...(headers ? { status: Number(headers[":status"]) } : {}),
        headers: headers ?? {},
        trailers,
        body: Buffer.concat(chunks),
      });
      let settled = false;
      const finish = (result: Omit<RawReply, "ms" | "sessionFault">) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // The server may answer before reading the whole body; the rest of the request is not needed.
        if (!stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL);
        resolve(result);
      };
      const timer = setTimeout(() => finish({ ending: "timeout", ...answered() }), timeoutMs);
      stream.on("response", (head) => {
        headers = flatHeaders(head);
      });
      stream.on("trailers", (tail) => {
        trailers = flatHeaders(tail);
      });
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => finish({ ending: headers ? "response" : "closed", ...answered() }));
      stream.on("close", () => {
        const code = stream.rstCode ?? 0;
        const detail = `RST_STREAM ${code}${RST_NAMES[code] ? ` ${RST_NAMES[code]}` : ""}`;
        finish({ ending: headers && code === 0 ? "response" : "reset", ...answered(), detail });
      });
      stream.on("error", () => {
        // Reported through "close" and its rstCode.
      });
      stream.end(request.body);
    });
    const fault = this.#fault;
    return {
      ...reply,
      ...(fault === undefined ? {} : { sessionFault: fault }),
      ms: performance.now() - started,
    };
  }

  close(): void {
    this.#session?.close();
    this.#session = undefined;
  }

  #live(): http2.ClientHttp2Session {
    const current = this.#session;
    if (current && !current.closed && !current.destroyed) return current;
    // Headers up to the server's own limit must reach it; Node's client would refuse them at 64 KiB. Node
    // also keeps counting the unsent rest of a body whose stream this client cancelled (after an early
    // answer) against the session's memory, and past 10 MB resets every stream: gRPC clients (grpc-js,
    // @nillion/vm-client) lift that limit, and so does this one, so that what is judged is the node.
    const session = http2.connect(this.url, {
      maxSendHeaderBlockLength: 1024 * 1024,
      maxSessionMemory: Number.MAX_SAFE_INTEGER,
    });
    // A fault is blamed on the request running on this session; a session already let go (the error
    // that follows its GOAWAY, say) blames nothing.
    session.on("error", (error) => {
      if (this.#session === session) this.#fault = `session error: ${error.message}`;
    });
    session.on("goaway", (errorCode) => {
      if (this.#session !== session) return;
      if (errorCode !== http2.constants.NGHTTP2_NO_ERROR) this.#fault = `GOAWAY ${errorCode}`;
      // No new streams may start on a session the server is closing.
      this.#session = undefined;
    });
    session.on("close", () => {
      if (this.#session === session) this.#session = undefined;
    });
    this.#session = session;
    return session;
  }
}
