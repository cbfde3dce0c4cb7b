import type { RawReply } from "../support/raw-reply.js";
import { http1Exchange, http1RequestBytes } from "./raw-http1.js";

/**
 * One honest JSON-RPC call to the chain's CometBFT RPC on `port`, on a connection of its own, answered as
 * the raw reply: the health probe reads its status line, the seeds and forged payments its JSON.
 *
 * @example
 * ```ts
 * const reply = await jsonRpcExchange(devnet.chain.ports.rpc, "status", undefined, 5_000);
 * ```
 */
export function jsonRpcExchange(
  port: number,
  method: string,
  params: Readonly<Record<string, unknown>> | undefined,
  timeoutMs: number,
): Promise<RawReply> {
  const request = { jsonrpc: "2.0", id: 1, method, ...(params === undefined ? {} : { params }) };
  const body = new TextEncoder().encode(JSON.stringify(request));
  return http1Exchange(
    port,
    http1RequestBytes(`127.0.0.1:${port}`, {
      path: "/",
      headers: { "content-type": "application/json" },
      body,
    }),
    { timeoutMs },
  );
}
