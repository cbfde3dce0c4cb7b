// HTTP/1.1 over a bare socket: the request is the exact bytes given (lying Content-Length, broken chunked
// framing, an HTTP/2 preface...), and the response is read by hand, one connection per request.
import net from "node:net";
import type { RawReply } from "../support/raw-reply.js";
import { concat } from "./protobuf-wire.js";

export interface Http1Request {
  readonly method?: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /**
   * How the body is framed: an honest Content-Length or chunked encoding, or a lie — a Content-Length
   * larger or smaller than the body, or a chunk size that does not match its chunk.
   */
  readonly framing?: Http1Framing;
}

export type Http1Framing = "content-length" | "chunked" | "length-larger" | "length-smaller" | "bad-chunk";

/** Whether `framing` leaves the server waiting for body bytes that never come. */
export function leavesBodyIncomplete(framing: Http1Framing): boolean {
  return framing === "length-larger" || framing === "bad-chunk";
}

/**
 * The body bytes a server reads for `body` framed with `framing`: a shorter Content-Length cuts it, and
 * a chunk size larger than the chunk makes the chunk's closing CRLF part of the data.
 */
export function bodyAsRead(body: Uint8Array, framing: Http1Framing): Uint8Array {
  if (framing === "length-smaller") return body.subarray(0, Math.floor(body.length / 2));
  if (framing === "bad-chunk") return concat(body, encoder.encode("\r\n"));
  return body;
}

/**
 * Whether `framing` lies about where the body ends: the server may then drop the connection without an
 * answer — it waits for bytes that never come, or reads the rest of the body as a malformed request.
 */
export function breaksFraming(framing: Http1Framing): boolean {
  return leavesBodyIncomplete(framing) || framing === "length-smaller";
}

const encoder = new TextEncoder();

/** The request's bytes, framed as `request.framing` says. */
export function http1RequestBytes(host: string, request: Http1Request): Uint8Array {
  const framing = request.framing ?? "content-length";
  const { body } = request;
  const lines = [`${request.method ?? "POST"} ${request.path} HTTP/1.1`, `host: ${host}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  let framed: Uint8Array = body;
  switch (framing) {
    case "content-length":
      lines.push(`content-length: ${body.length}`);
      break;
    case "length-larger":
      lines.push(`content-length: ${body.length + 1 + (body.length % 97)}`);
      break;
    case "length-smaller":
      lines.push(`content-length: ${Math.floor(body.length / 2)}`);
      break;
    case "chunked":
      lines.push("transfer-encoding: chunked");
      framed = concat(chunk(body), encoder.encode("0\r\n\r\n"));
      break;
    case "bad-chunk":
      lines.push("transfer-encoding: chunked");
      // The size promises more than the chunk holds, and the final chunk never comes.
      framed = concat(encoder.encode(`${(body.length + 16).toString(16)}\r\n`), body, encoder.encode("\r\n"));
      break;
  }
  return concat(encoder.encode(`${lines.join("\r\n")}\r\n\r\n`), framed);
}

function chunk(body: Uint8Array): Uint8Array {
  if (body.length === 0) return new Uint8Array();
  return concat(encoder.encode(`${body.length.toString(16)}\r\n`), body, encoder.encode("\r\n"));
}

/**
 * Sends `bytes` on a fresh connection to `port` and reads one response. With `halfClose`, the socket's
 * write side is ended after the request, as a client that gives up on a body it promised does.
 *
 * @example
 * ```ts
 * const reply = await http1Exchange(port, http1RequestBytes("127.0.0.1", { path: "/", headers: {}, body }), { timeoutMs: 5_000 });
 * ```
 */
export function http1Exchange(
  port: number,
  bytes: Uint8Array,
  options: { readonly timeoutMs: number; readonly halfClose?: boolean },
): Promise<RawReply> {
  const started = performance.now();
  // The answer to HEAD has a Content-Length but no body.
  const head = Buffer.from(bytes.subarray(0, 5)).toString("latin1") === "HEAD ";
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (reply: Omit<RawReply, "ms">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...reply, ms: performance.now() - started });
    };
    const partial = (ending: RawReply["ending"], detail?: string): Omit<RawReply, "ms"> => {
      const parsed = parseResponse(received, true, head);
      if (parsed !== undefined && ending === "closed") return parsed;
      return {
        ending,
        ...(parsed?.status === undefined ? {} : { status: parsed.status }),
        headers: parsed?.headers ?? {},
        trailers: {},
        body: parsed?.body ?? new Uint8Array(),
        ...(detail === undefined ? {} : { detail }),
      };
    };
    const timer = setTimeout(() => finish(partial("timeout")), options.timeoutMs);
    socket.on("connect", () => {
      socket.write(bytes);
      if (options.halfClose) socket.end();
    });
    socket.on("data", (data: Buffer) => {
      received = Buffer.concat([received, data]);
      const parsed = parseResponse(received, false, head);
      if (parsed !== undefined) finish(parsed);
    });
    socket.on("close", () => finish(partial("closed")));
    socket.on("error", (error) => finish(partial("error", error.message)));
  });
}

/**
 * One HTTP/1.1 response from the start of `bytes`; undefined while it is incomplete. With `atEof`, a body
 * without a length ends where the bytes end; with `head` (the answer to HEAD), there is no body.
 */
function parseResponse(bytes: Buffer, atEof: boolean, head: boolean): Omit<RawReply, "ms"> | undefined {
  const headEnd = bytes.indexOf("\r\n\r\n");
  if (headEnd < 0) return undefined;
  const [statusLine = "", ...headerLines] = bytes.subarray(0, headEnd).toString("latin1").split("\r\n");
  const status = Number(statusLine.split(" ")[1]);
  const headers = headerRecord(headerLines);
  const rest = bytes.subarray(headEnd + 4);
  const response = (body: Uint8Array, trailers: Record<string, string> = {}) => ({
    ending: "response" as const,
    status,
    headers,
    trailers,
    body,
  });
  // 1xx responses (e.g. 100 Continue) precede the real one.
  if (status >= 100 && status < 200) return parseResponse(rest, atEof, head);
  if (head || status === 204 || status === 304) return response(new Uint8Array());
  if (headers["transfer-encoding"]?.toLowerCase().includes("chunked")) {
    const chunked = readChunked(rest);
    return chunked && response(chunked.body, chunked.trailers);
  }
  const length = headers["content-length"];
  if (length !== undefined) {
    const size = Number(length);
    return rest.length >= size ? response(rest.subarray(0, size)) : undefined;
  }
  return atEof ? response(rest) : undefined;
}

function readChunked(bytes: Buffer): { body: Uint8Array; trailers: Record<string, string> } | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", offset);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(bytes.subarray(offset, lineEnd).toString("latin1"), 16);
    if (Number.isNaN(size)) return undefined;
    offset = lineEnd + 2;
    if (size === 0) {
      const end = bytes.indexOf("\r\n\r\n", offset - 2);
      if (end < 0) return undefined;
      const trailerLines = bytes.subarray(offset, end).toString("latin1").split("\r\n").filter(Boolean);
      return { body: Buffer.concat(parts), trailers: headerRecord(trailerLines) };
    }
    if (bytes.length < offset + size + 2) return undefined;
    parts.push(bytes.subarray(offset, offset + size));
    offset += size + 2;
  }
}

function headerRecord(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}
