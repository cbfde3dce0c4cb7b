/** What came back for one raw request, whatever the transport. */
export interface RawReply {
  /** How the exchange ended: a whole response, or why there is none. */
  readonly ending: "response" | "reset" | "closed" | "timeout" | "error";
  /** HTTP status, when a response head arrived. */
  readonly status?: number;
  /** Response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** HTTP trailers (HTTP/2, or HTTP/1.1 chunked), names in lower case. */
  readonly trailers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** For a reset: the RST_STREAM code; for an error: its message. */
  readonly detail?: string;
  /** Set when the HTTP/2 session itself was torn down during this exchange (GOAWAY with an error, or a session error). */
  readonly sessionFault?: string;
  readonly ms: number;
}

/** Lower-cases header names and joins repeated values, as one flat record. */
export function flatHeaders(raw: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}
