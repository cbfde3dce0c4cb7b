// baseapp's ABCI Query: gRPC method paths go to the query services, at the latest height (the only one this
// chain keeps); failures become SDK codes the way `handleQueryGRPC` maps them.
import type { Chain } from "./chain.js";
import { abciInfo, ERR, GrpcStatusError, plainError, queryFailure, SdkError, sdkError } from "./errors.js";
import { QUERY_SERVICES, RequestDecodeError } from "./query-services.js";

/**
 * What `abci_query` returns inside `result.response`: code 0 and the response bytes, or the SDK's code,
 * codespace and log.
 *
 * @example
 * ```ts
 * import type { AbciQueryResult } from "@nillion/devnet";
 *
 * const result: AbciQueryResult = chain.abciQuery(path, request);
 * if (result.code !== 0) throw new Error(result.log);
 * ```
 */
export interface AbciQueryResult {
  /** 0 for success. */
  readonly code: number;
  /** `sdk` for the SDK's errors; empty on success. */
  readonly codespace: string;
  /** Empty on success. */
  readonly log: string;
  /** The protobuf response; empty on failure. */
  readonly value: Uint8Array;
  /** The height the answer is for; 0 when the query never reached state. */
  readonly height: number;
}

/**
 * Runs an ABCI query.
 *
 * @param height 0 for the latest height; any other past height fails, since no history is kept
 *
 * @example
 * ```ts
 * const { code, value } = abciQuery(chain, "/cosmos.auth.v1beta1.Query/Account", requestBytes, 0n);
 * ```
 */
export function abciQuery(chain: Chain, path: string, data: Uint8Array, height: bigint): AbciQueryResult {
  if (path === "/cosmos.tx.v1beta1.Service/BroadcastTx") {
    return failure(sdkError(ERR.invalidRequest, "can't route a broadcast tx message"), 0);
  }
  const handler = QUERY_SERVICES.get(path);
  if (handler === undefined) return failure(sdkError(ERR.unknownRequest, "unknown query path"), 0);
  const latest = chain.height;
  if (height > BigInt(latest)) {
    return failure(
      sdkError(ERR.invalidHeight, "cannot query with height in the future; please provide a valid height"),
      0,
    );
  }
  if (height !== 0n && height < BigInt(latest)) {
    return failure(
      sdkError(
        ERR.invalidRequest,
        `failed to load state at height ${height}; version does not exist (latest height: ${latest})`,
      ),
      0,
    );
  }
  try {
    return { code: 0, codespace: "", log: "", value: handler(chain, data), height: latest };
  } catch (error) {
    if (error instanceof GrpcStatusError || error instanceof SdkError) {
      return { ...queryFailure(error), value: new Uint8Array(), height: latest };
    }
    if (error instanceof RequestDecodeError) {
      return { ...queryFailure(plainError(error.message)), value: new Uint8Array(), height: latest };
    }
    throw error;
  }
}

function failure(error: SdkError, height: number): AbciQueryResult {
  return { ...abciInfo(error), value: new Uint8Array(), height };
}
