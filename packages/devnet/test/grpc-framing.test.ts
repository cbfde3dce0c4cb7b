// The chain's gRPC server at the framing level, over raw HTTP/2: what it answers for each way a request can
// be framed (content type, compression, timeouts, envelopes, sizes). The expected answers are those the
// former @grpc/grpc-js server gave, recorded before it was replaced.
import http2 from "node:http2";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NilChain } from "../src/index.js";
import { devnetKey, startTestChain } from "./helpers.js";

const ACCOUNT = "/cosmos.auth.v1beta1.Query/Account";
const NO_MESSAGE = `Received no request message for server streaming method ${ACCOUNT}`;
const BAD_ADDRESS = "decoding bech32 failed: invalid bech32 string length 2";

function envelope(flags: number, payload: Uint8Array, declared = payload.length): Buffer {
  const framed = Buffer.alloc(5 + payload.length);
  framed[0] = flags;
  framed.writeUInt32BE(declared >>> 0, 1);
  framed.set(payload, 5);
  return framed;
}

const shortAddress = Buffer.from([0x0a, 0x02, 0x61, 0x62]); // QueryAccountRequest { address: "ab" }

interface Answer {
  readonly httpStatus: number | undefined;
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly trailersOnly: boolean;
  readonly dataBytes: number;
}

let chain: NilChain;
let session: http2.ClientHttp2Session;

beforeAll(async () => {
  chain = await startTestChain();
  session = http2.connect(`http://127.0.0.1:${chain.ports.grpc}`);
});

afterAll(async () => {
  session.close();
  await chain.stop();
});

function call(body: Buffer, headers: Record<string, string> = {}, path = ACCOUNT): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc",
      te: "trailers",
      ...headers,
    });
    let head: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader = {};
    let trailers: http2.IncomingHttpHeaders = {};
    let trailersOnly = false;
    let dataBytes = 0;
    stream.on("response", (received, flags) => {
      head = received;
      trailersOnly = (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) !== 0;
    });
    stream.on("trailers", (received) => {
      trailers = received;
    });
    stream.on("data", (chunk: Buffer) => {
      dataBytes += chunk.length;
    });
    stream.on("error", reject);
    stream.on("close", () => {
      const status = trailersOnly ? head : trailers;
      const message = status["grpc-message"];
      resolve({
        httpStatus: head[":status"],
        code: status["grpc-status"] as string | undefined,
        message: typeof message === "string" ? decodeURIComponent(message) : undefined,
        trailersOnly,
        dataBytes,
      });
    });
    stream.end(body);
  });
}

describe("the chain's gRPC framing", () => {
  it("answers a call with headers, one message and OK trailers", async () => {
    const address = Buffer.from(devnetKey(chain, 0).address);
    const answer = await call(envelope(0, Buffer.concat([Buffer.from([0x0a, address.length]), address])));
    expect(answer).toMatchObject({ httpStatus: 200, code: "0", message: "OK", trailersOnly: false });
    expect(answer.dataBytes).toBeGreaterThan(5);
  });

  it.each<[string, Buffer, Record<string, string>, string, string]>([
    ["a plain message", envelope(0, shortAddress), {}, "2", BAD_ADDRESS],
    [
      "a gzip message",
      envelope(1, zlib.gzipSync(shortAddress)),
      { "grpc-encoding": "gzip" },
      "2",
      BAD_ADDRESS,
    ],
    [
      "a deflate message",
      envelope(1, zlib.deflateSync(shortAddress)),
      { "grpc-encoding": "deflate" },
      "2",
      BAD_ADDRESS,
    ],
    ["a compressed flag without an encoding", envelope(1, shortAddress), {}, "2", BAD_ADDRESS],
    [
      "a compressed flag with identity",
      envelope(1, shortAddress),
      { "grpc-encoding": "identity" },
      "2",
      BAD_ADDRESS,
    ],
    ["a good grpc-timeout", envelope(0, shortAddress), { "grpc-timeout": "5S" }, "2", BAD_ADDRESS],
    [
      "a bad grpc-timeout",
      envelope(0, shortAddress),
      { "grpc-timeout": "abc" },
      "13",
      'Invalid grpc-timeout value "abc"',
    ],
    [
      "gzip that does not inflate",
      envelope(1, Buffer.from("nope")),
      { "grpc-encoding": "gzip" },
      "13",
      "Failed to decompress message",
    ],
    [
      "an encoding it does not know",
      envelope(1, shortAddress),
      { "grpc-encoding": "br" },
      "12",
      'Received message compressed with unsupported encoding "br"',
    ],
    ["no message", Buffer.alloc(0), {}, "12", NO_MESSAGE],
    ["a truncated envelope header", Buffer.from([0, 0, 0]), {}, "12", NO_MESSAGE],
    ["a truncated payload", envelope(0, shortAddress, 10), {}, "12", NO_MESSAGE],
    [
      "two messages",
      Buffer.concat([envelope(0, shortAddress), envelope(0, shortAddress)]),
      {},
      "12",
      `Received a second request message for server streaming method ${ACCOUNT}`,
    ],
    [
      "a message above 10 MiB",
      envelope(0, Buffer.alloc(0), 11 * 1024 * 1024),
      {},
      "8",
      "Received message larger than max (11534336 vs 10485760)",
    ],
    [
      "bytes that are not the request type",
      envelope(0, Buffer.from([0xff, 0xff])),
      {},
      "13",
      "grpc: error unmarshalling request: premature EOF",
    ],
  ])("answers %s with status %s, trailers-only", async (_label, body, headers, code, message) => {
    expect(await call(body, headers)).toEqual({
      httpStatus: 200,
      code,
      message,
      trailersOnly: true,
      dataBytes: 0,
    });
  });

  it("answers an unknown method UNIMPLEMENTED and a non-gRPC content type 415", async () => {
    expect(await call(envelope(0, shortAddress), {}, "/x.Y/Z")).toMatchObject({
      code: "12",
      message: "The server does not implement the method /x.Y/Z",
      trailersOnly: true,
    });
    expect(await call(envelope(0, shortAddress), { "content-type": "text/plain" })).toMatchObject({
      httpStatus: 415,
      code: undefined,
    });
  });
});
