// The chain half of the fuzzer: its CometBFT RPC (directly and through the CORS proxy) and its Cosmos
// gRPC server, one input at a time, with the devnet's health probed between batches.
import { Http2Client } from "../support/raw-http2.js";
import { chainGrpcInput } from "./chain-grpc-inputs.js";
import { chainRpcInput } from "./chain-rpc-inputs.js";
import type { ChainSeeds } from "./chain-seeds.js";
import type { FuzzFailure } from "./fuzz-failures.js";
import { type FuzzStream, fuzzStream } from "./fuzz-stream.js";
import { judgeChainGrpcReply, judgeChainRpcReply } from "./judge-chain-reply.js";
import { ANSWER_TIMEOUT_MS } from "./node-fuzz.js";
import { http1Exchange, http1RequestBytes, leavesBodyIncomplete } from "./raw-http1.js";

/** A chain stream's run: which inputs, against which devnet, starting from which seeds. */
export interface ChainFuzz extends Omit<FuzzStream, "stream"> {
  readonly seeds: ChainSeeds;
}

/**
 * Sends `count` fuzzed requests (or the replayed one) to the chain's RPC and proxy. With the `faults` of
 * the process the chain runs in, a fault is blamed on its input.
 */
export function fuzzChainRpc(run: ChainFuzz): Promise<FuzzFailure[]> {
  return fuzzStream({ ...run, stream: "chain-rpc" }, async (index, random) => {
    const input = chainRpcInput(run.cluster, run.seeds, index, random);
    const { request } = input;
    const bytes =
      request.kind === "raw"
        ? request.bytes
        : http1RequestBytes(`127.0.0.1:${input.port}`, {
            method: request.method,
            path: request.path,
            headers: request.headers,
            body: request.body,
            framing: request.framing,
          });
    const halfClose = request.kind === "raw" || leavesBodyIncomplete(request.framing);
    const reply = await http1Exchange(input.port, bytes, { timeoutMs: ANSWER_TIMEOUT_MS, halfClose });
    return { id: input.id, label: input.label, body: bytes, reason: judgeChainRpcReply(input, reply) };
  });
}

/**
 * Sends `count` fuzzed calls (or the replayed one) to the chain's gRPC server, on one HTTP/2 session.
 * With the `faults` of the process the chain runs in, a fault is blamed on its input.
 */
export async function fuzzChainGrpc(run: ChainFuzz): Promise<FuzzFailure[]> {
  const client = new Http2Client(`http://127.0.0.1:${run.cluster.chain.grpcPort}`);
  try {
    return await fuzzStream({ ...run, stream: "chain-grpc" }, async (index, random) => {
      const input = chainGrpcInput(run.seeds, index, random);
      const reply = await client.exchange(
        { path: input.path, headers: input.headers, body: input.body },
        ANSWER_TIMEOUT_MS,
      );
      const reason = judgeChainGrpcReply(input, reply);
      if (reply.ending !== "response" || reply.sessionFault) client.close();
      return { id: input.id, label: input.label, body: input.body, reason };
    });
  } finally {
    client.close();
  }
}
