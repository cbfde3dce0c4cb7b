// The chain half of the fuzzer: its CometBFT RPC (directly and through the CORS proxy) and its Cosmos
// gRPC server, one input at a time, with the devnet's health probed between batches.

import { Http2Client } from "../support/raw-http2.js";
import { seededRandom } from "../support/seeded-random.js";
import { chainGrpcInput } from "./chain-grpc-inputs.js";
import { chainRpcInput } from "./chain-rpc-inputs.js";
import type { ChainSeeds } from "./chain-seeds.js";
import type { FuzzCluster } from "./fuzz-cluster.js";
import { type FaultLog, type FuzzFailure, faultBlamer } from "./fuzz-failures.js";
import { type FuzzSettings, indicesToRun, inputSeed } from "./fuzz-settings.js";
import { PROBE_EVERY, probeAfter } from "./health-probe.js";
import { judgeChainGrpcReply, judgeChainRpcReply } from "./judge-chain-reply.js";
import { ANSWER_TIMEOUT_MS } from "./node-fuzz.js";
import { http1Exchange, http1RequestBytes, leavesBodyIncomplete } from "./raw-http1.js";

export interface ChainFuzzResult {
  readonly failures: FuzzFailure[];
}

/**
 * Sends `count` fuzzed requests (or the replayed one) to the chain's RPC and proxy. With the `faults` of
 * the process the chain runs in, a fault is blamed on its input.
 */
export async function fuzzChainRpc(
  cluster: FuzzCluster,
  seeds: ChainSeeds,
  settings: FuzzSettings,
  count: number,
  faults?: FaultLog,
): Promise<ChainFuzzResult> {
  const failures: FuzzFailure[] = [];
  const blame = faultBlamer(faults);
  let sent = 0;
  for (const index of indicesToRun(settings, "chain-rpc", count)) {
    const input = chainRpcInput(
      cluster,
      seeds,
      index,
      seededRandom(inputSeed(settings.seed, "chain-rpc", index)),
    );
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
    sent += 1;
    const reason = judgeChainRpcReply(input, reply);
    if (reason !== undefined) failures.push({ id: input.id, input: input.label, reason, body: bytes });
    failures.push(...blame(input.id, input.label));
    if (sent % PROBE_EVERY === 0) await probeAfter(cluster, input.id, failures);
  }
  if (sent % PROBE_EVERY !== 0) await probeAfter(cluster, "chain-rpc:end", failures);
  return { failures };
}

/**
 * Sends `count` fuzzed calls (or the replayed one) to the chain's gRPC server, on one HTTP/2 session.
 * With the `faults` of the process the chain runs in, a fault is blamed on its input.
 */
export async function fuzzChainGrpc(
  cluster: FuzzCluster,
  seeds: ChainSeeds,
  settings: FuzzSettings,
  count: number,
  faults?: FaultLog,
): Promise<ChainFuzzResult> {
  const client = new Http2Client(`http://127.0.0.1:${cluster.chain.grpcPort}`);
  const failures: FuzzFailure[] = [];
  const blame = faultBlamer(faults);
  let sent = 0;
  try {
    for (const index of indicesToRun(settings, "chain-grpc", count)) {
      const input = chainGrpcInput(seeds, index, seededRandom(inputSeed(settings.seed, "chain-grpc", index)));
      const reply = await client.exchange(
        { path: input.path, headers: input.headers, body: input.body },
        ANSWER_TIMEOUT_MS,
      );
      sent += 1;
      const reason = judgeChainGrpcReply(input, reply);
      if (reason !== undefined) failures.push({ id: input.id, input: input.label, reason, body: input.body });
      failures.push(...blame(input.id, input.label));
      if (reply.ending !== "response" || reply.sessionFault) client.close();
      if (sent % PROBE_EVERY === 0) await probeAfter(cluster, input.id, failures);
    }
  } finally {
    client.close();
  }
  if (sent % PROBE_EVERY !== 0) await probeAfter(cluster, "chain-grpc:end", failures);
  return { failures };
}
