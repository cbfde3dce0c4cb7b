// Errors that teach: a chain endpoint that is something else, a closed port, or a URL without its scheme.
// Real sockets: the servers here are what a user would mistakenly point NilChainPayer at.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NilChainPayer } from "@nillion/payments";
import { InvalidArgumentError, UnavailableError } from "@nillion/types";
import { afterEach, describe, expect, it } from "vitest";
import { CHAIN_ID, KEY_0 } from "./fake-comet.js";

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** An HTTP server answering every request with `status` and `body`; its URL. */
async function serve(status: number, body: string, contentType: string): Promise<string> {
  server = createServer((_request, response) => {
    response.writeHead(status, { "content-type": contentType });
    response.end(body);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<string> {
  const url = await serve(200, "", "text/plain");
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  server = undefined;
  return url;
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

const connectTo = (chainEndpoint: string) =>
  rejectionOf(NilChainPayer.connect({ chainId: CHAIN_ID, chainEndpoint }, KEY_0.privateKey));

describe("NilChainPayer.connect to the wrong endpoint", () => {
  it("names the endpoint, what answered and what was expected when it answers 404 (e.g. a nilvm node)", async () => {
    const url = await serve(404, "", "text/plain");
    const error = await connectTo(url);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("network.chainEndpoint");
    expect(error.message).toContain(`network.chainEndpoint ${url} answered HTTP 404 Not Found`);
    expect(error.message).toContain(`expected the chain's JSON-RPC URL`);
    expect(error.message).toContain("not e.g. a nilvm node's gRPC URL");
    expect((error as InvalidArgumentError).details).toEqual({
      endpoint: url,
      answered: "HTTP 404 Not Found",
    });
  });

  it("says the answer was not JSON when a web page answers", async () => {
    const url = await serve(200, "<html>hello</html>", "text/html");
    const error = await connectTo(url);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toContain("answered HTTP 200 with a body that is not JSON (text/html)");
  });

  it("names the endpoint and the refused connection for a closed port, and what to check", async () => {
    const url = await closedPort();
    const error = await connectTo(url);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toContain(`nilchain JSON-RPC at ${url} could not be reached (`);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).toContain("network.chainEndpoint is its RPC URL");
    expect(error.message).not.toContain("fetch failed");
  });

  it("suggests the scheme for an endpoint without one", async () => {
    const error = await connectTo("127.0.0.1:26648");
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toContain(`got "127.0.0.1:26648": add the scheme, e.g. "http://127.0.0.1:26648"`);
  });
});
