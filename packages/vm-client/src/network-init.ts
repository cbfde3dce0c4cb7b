/**
 * The three endpoints a client needs.
 *
 * @example
 * ```ts
 * import { Network, type NetworkInit } from "@nillion/vm-client";
 *
 * const init: NetworkInit = {
 *   nilvmGrpcEndpoint: "http://127.0.0.1:37939",
 *   chainId: "nillion-chain-devnet",
 *   chainEndpoint: "http://127.0.0.1:48102",
 * };
 * const network = new Network(init);
 * ```
 */
export interface NetworkInit {
  /** gRPC URL of any node (the bootnode): the client learns the rest of the cluster from it. */
  readonly nilvmGrpcEndpoint: string;
  /** The nilchain chain id, e.g. `nillion-chain-devnet`. */
  readonly chainId: string;
  /** nilchain's CometBFT JSON-RPC URL, where payments are broadcast. */
  readonly chainEndpoint: string;
}
