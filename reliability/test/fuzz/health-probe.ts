// Between batches of inputs: is everything still up? Every node answers Membership/NodeVersion, the
// chain's RPC answers `status`, its gRPC a bank balance. Each probe uses connections of its own, so a
// session the fuzzer broke does not hide a live node or stand in for a dead one.
import { DEVNET_KEYS } from "@nillion/devnet";
import { QueryBalanceRequest } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { describeAnswer, grpcCall } from "../support/grpc-call.js";
import { Http2Client } from "../support/raw-http2.js";
import type { FuzzCluster } from "./fuzz-cluster.js";
import type { FuzzFailure } from "./fuzz-failures.js";
import { jsonRpcExchange } from "./json-rpc-exchange.js";

/** What failed, one line per probe; empty when all is well. */
export async function probeHealth(cluster: FuzzCluster): Promise<string[]> {
  const problems: string[] = [];
  await Promise.all(
    cluster.nodes.map(async (node) => {
      const client = new Http2Client(node.url);
      try {
        const answer = await grpcCall(
          client,
          "/nillion.membership.v1.Membership/NodeVersion",
          new Uint8Array(),
        );
        if (answer.code !== 0) problems.push(`node ${node.index} NodeVersion: ${describeAnswer(answer)}`);
      } finally {
        client.close();
      }
    }),
  );
  const status = await jsonRpcExchange(cluster.chain.rpcPort, "status", undefined, 5_000);
  if (status.status !== 200 || !new TextDecoder().decode(status.body).includes('"latest_block_height"')) {
    problems.push(`chain status: ${status.ending} HTTP ${status.status ?? "-"}`);
  }
  const grpc = new Http2Client(`http://127.0.0.1:${cluster.chain.grpcPort}`);
  try {
    const request = QueryBalanceRequest.encode({
      address: DEVNET_KEYS[0]?.address ?? "",
      denom: "unil",
    }).finish();
    const answer = await grpcCall(grpc, "/cosmos.bank.v1beta1.Query/Balance", request);
    if (answer.code !== 0) problems.push(`chain gRPC Balance: ${describeAnswer(answer)}`);
  } finally {
    grpc.close();
  }
  return problems;
}

/** Inputs between two health probes. */
export const PROBE_EVERY = 100;

/** Probes after input `after`, adding what failed to `failures`. */
export async function probeAfter(
  cluster: FuzzCluster,
  after: string,
  failures: FuzzFailure[],
): Promise<void> {
  for (const problem of await probeHealth(cluster))
    failures.push({ id: `probe@${after}`, input: "health probe", reason: problem });
}
