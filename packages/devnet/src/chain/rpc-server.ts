// CometBFT's RPC over HTTP: JSON-RPC 2.0 on `/` (single or batch, notifications answered with nothing) and
// the URI form `GET /<method>?<param>=<value>`. Bodies over 1 MB, malformed JSON, unknown methods and bad
// parameters get CometBFT's JSON-RPC errors and status codes; nothing a client sends stops the server.
// Hand-written because a generic JSON-RPC library would answer with its own codes and texts, not CometBFT's.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { closeOnlySilentConnections } from "../transport/close-only-silent-connections.js";
import { LIMITS } from "./params.js";
import { requestUrl } from "./request-url.js";
import { decodeParam, JsonRpcError, RPC_METHODS, type RpcMethod, type RpcNode } from "./rpc-methods.js";

type JsonRpcId = string | number;

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  /** Close the connection after the reply (the request body was not read to its end). */
  readonly close?: boolean;
}

/**
 * Starts the RPC server for `node` on `host:port` (0 for an ephemeral port).
 *
 * @returns the listening server and its port
 */
export async function startRpcServer(
  node: RpcNode,
  host: string,
  port: number,
): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((request, response) => {
    handle(node, request)
      .catch((error: unknown) => {
        // A bug, not a client fault: answer as CometBFT's panic recovery does and keep serving.
        console.error("nilchain RPC: unexpected failure", error);
        return jsonReply(500, errorResponse(-1, new JsonRpcError(-32603, "Internal error", String(error))));
      })
      .then((reply) => {
        response.writeHead(reply.status, {
          "Content-Type": reply.contentType,
          ...(reply.close === true ? { Connection: "close" } : {}),
        });
        response.end(reply.body);
      });
  });
  closeOnlySilentConnections(server);
  await listen(server, host, port);
  return { server, port: (server.address() as AddressInfo).port };
}

/** Binds `server`, rejecting when the port is taken. */
export function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

async function handle(node: RpcNode, request: http.IncomingMessage): Promise<Reply> {
  const url = requestUrl(request.url);
  const body = await readBody(request);
  if (url?.pathname !== "/") {
    const method = url === undefined ? undefined : RPC_METHODS.get(url.pathname.slice(1));
    if (url === undefined || method === undefined)
      return { status: 404, body: "404 page not found\n", contentType: "text/plain; charset=utf-8" };
    return uriCall(node, method, url.searchParams);
  }
  if (body === undefined) {
    const error = new JsonRpcError(
      -32600,
      "Invalid Request",
      "error reading request body: http: request body too large",
    );
    return { ...jsonReply(400, errorResponse(undefined, error)), close: true };
  }
  if (body.length === 0) return endpointList(request);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch (error) {
    return parseError((error as Error).message);
  }
  const requests = Array.isArray(parsed) ? parsed : [parsed];
  const responses: unknown[] = [];
  for (const entry of requests) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      return parseError(
        `json: cannot unmarshal ${Array.isArray(entry) ? "array" : typeof entry} into Go value of type types.RPCRequest`,
      );
    }
    const { id, method, params } = entry as { id?: unknown; method?: unknown; params?: unknown };
    if (id === undefined || id === null) continue;
    if (typeof id !== "string" && typeof id !== "number") {
      return parseError(`json-rpc ID (${JSON.stringify(id)}) is of unknown type`);
    }
    // Go reads a JSON number id into an int.
    const rpcId = typeof id === "number" ? Math.trunc(id) : id;
    responses.push(await call(node, rpcId, typeof method === "string" ? method : "", params));
  }
  if (responses.length === 0) return { status: 200, body: "", contentType: "application/json" };
  return jsonReply(200, responses.length === 1 ? responses[0] : responses);
}

async function call(node: RpcNode, id: JsonRpcId, name: string, params: unknown): Promise<unknown> {
  const method = RPC_METHODS.get(name);
  if (method === undefined) return errorResponse(id, new JsonRpcError(-32601, "Method not found", ""));
  let args: Map<string, ReturnType<typeof decodeParam>>;
  try {
    args = jsonArgs(method, params);
  } catch (error) {
    return errorResponse(
      id,
      new JsonRpcError(
        -32602,
        "Invalid params",
        `error converting json params to arguments: ${(error as Error).message}`,
      ),
    );
  }
  try {
    return { jsonrpc: "2.0", id, result: await method.call(node, args) };
  } catch (error) {
    if (error instanceof JsonRpcError) return errorResponse(id, error);
    throw error;
  }
}

function jsonArgs(method: RpcMethod, params: unknown): Map<string, ReturnType<typeof decodeParam>> {
  const args = new Map<string, ReturnType<typeof decodeParam>>();
  if (params === undefined || params === null) return args;
  if (Array.isArray(params)) {
    if (params.length !== method.params.length) {
      const names = method.params.map(([name]) => name).join(" ");
      throw new Error(
        `expected ${method.params.length} parameters ([${names}]), got ${params.length} (${JSON.stringify(params)})`,
      );
    }
    method.params.forEach(([name, kind], i) => {
      args.set(name, decodeParam(kind, params[i]));
    });
    return args;
  }
  if (typeof params !== "object") {
    throw new Error(`unknown type for JSON params: cannot unmarshal ${typeof params}. Expected map or array`);
  }
  for (const [name, kind] of method.params) {
    args.set(name, decodeParam(kind, (params as Record<string, unknown>)[name]));
  }
  return args;
}

// The URI form: integers may be bare, strings and byte strings quoted, bytes also 0x-hex; anything else is
// read as JSON. Errors are answered with HTTP 500 and id -1, as CometBFT does.
async function uriCall(node: RpcNode, method: RpcMethod, query: URLSearchParams): Promise<Reply> {
  const args = new Map<string, ReturnType<typeof decodeParam>>();
  try {
    for (const [name, kind] of method.params) {
      const raw = query.get(name);
      if (raw === null || raw === "") continue;
      args.set(name, uriParam(kind, raw));
    }
  } catch (error) {
    return jsonReply(
      500,
      errorResponse(
        -1,
        new JsonRpcError(
          -32602,
          "Invalid params",
          `error converting http params to arguments: ${(error as Error).message}`,
        ),
      ),
    );
  }
  try {
    return jsonReply(200, { jsonrpc: "2.0", id: -1, result: await method.call(node, args) });
  } catch (error) {
    if (error instanceof JsonRpcError) return jsonReply(500, errorResponse(-1, error));
    throw error;
  }
}

function uriParam(kind: Parameters<typeof decodeParam>[0], raw: string): ReturnType<typeof decodeParam> {
  const quoted = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"');
  if (kind === "int" && /^-?[0-9]+$/.test(raw)) return decodeParam("int", raw);
  if (kind === "string" && quoted) return raw.slice(1, -1);
  if ((kind === "bytes" || kind === "hex") && raw.toLowerCase().startsWith("0x")) {
    return decodeParam("hex", raw.slice(2));
  }
  if ((kind === "bytes" || kind === "hex") && quoted) return new TextEncoder().encode(raw.slice(1, -1));
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new Error((error as Error).message);
  }
  return decodeParam(kind, value);
}

/**
 * Reads the body; undefined when it is larger than CometBFT's `max_body_bytes` (the rest is drained
 * unread) or the client went away.
 */
function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= LIMITS.maxBodyBytes) {
        chunks.push(chunk);
        return;
      }
      request.off("data", onData);
      request.resume();
      resolve(undefined);
    };
    request.on("data", onData);
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", () => resolve(undefined));
  });
}

function endpointList(request: http.IncomingMessage): Reply {
  const base = `//${request.headers.host ?? "localhost"}`;
  const links = [...RPC_METHODS.entries()]
    .map(([name, method]) => {
      const args = method.params.map(([param]) => `${param}=_`).join("&");
      const href = `${base}/${name}${args === "" ? "" : `?${args}`}`;
      return `<a href="${href}">${href}</a></br>`;
    })
    .join("\n");
  return {
    status: 200,
    body: `<html><body><br>Available endpoints:<br>${links}</body></html>`,
    contentType: "text/html",
  };
}

function parseError(reason: string): Reply {
  return jsonReply(
    500,
    errorResponse(
      undefined,
      new JsonRpcError(-32700, "Parse error. Invalid JSON", `error unmarshaling request: ${reason}`),
    ),
  );
}

function errorResponse(id: JsonRpcId | undefined, error: JsonRpcError): unknown {
  const body = {
    code: error.code,
    message: error.rpcMessage,
    ...(error.data === "" ? {} : { data: error.data }),
  };
  return id === undefined ? { jsonrpc: "2.0", error: body } : { jsonrpc: "2.0", id, error: body };
}

function jsonReply(status: number, value: unknown): Reply {
  return { status, body: JSON.stringify(value), contentType: "application/json" };
}
