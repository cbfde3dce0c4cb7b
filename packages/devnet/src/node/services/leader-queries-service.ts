import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type PoolStatusResponse,
  PoolStatusResponseSchema,
} from "@nillion/proto/nillion/leader_queries/v1/pool_status";
import type { LeaderQueries } from "@nillion/proto/nillion/leader_queries/v1/service";
import type { ReceiptChecker } from "../receipt-checker.js";

export interface LeaderQueriesServiceOptions {
  readonly checkReceipt: ReceiptChecker;
  /** The pools' offsets; without preprocessing pools there is nothing to report. */
  readonly poolStatus?: () => Promise<MessageInitShape<typeof PoolStatusResponseSchema>>;
}

/**
 * `nillion.leader_queries.v1.LeaderQueries`, served by the leader only (wire-protocol.md §6.10): a paid
 * `PoolStatus` reporting the available range of each preprocessing element. The receipt is the only
 * credential, as on the reference node: an anonymous caller with a valid receipt gets the status.
 *
 * @example
 * ```ts
 * router.service(LeaderQueries, leaderQueriesService({ checkReceipt, poolStatus: () => pools.status() }));
 * ```
 */
export function leaderQueriesService(
  options: LeaderQueriesServiceOptions,
): ServiceImpl<typeof LeaderQueries> {
  return {
    async poolStatus(request): Promise<PoolStatusResponse> {
      await options.checkReceipt(request.signedReceipt, "poolStatus");
      return create(PoolStatusResponseSchema, options.poolStatus ? await options.poolStatus() : {});
    },
  };
}
