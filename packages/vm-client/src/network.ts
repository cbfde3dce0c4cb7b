import { InvalidArgumentError } from "@nillion/types";
import { readNetworkFile } from "./network-file.js";
import type { NetworkInit } from "./network-init.js";

/** The chain id of a Nillion devnet (`nillion-devnet`, or `@nillion/devnet`). */
const DEVNET_CHAIN_ID = "nillion-chain-devnet";

/**
 * Where a network is: its bootnode and its chain. It satisfies `ChainNetwork` of `@nillion/payments`, so
 * the same object configures a `NilChainPayer`.
 *
 * @example
 * ```ts
 * import { NilChainPayer } from "@nillion/payments";
 * import { Network } from "@nillion/vm-client";
 *
 * const network = Network.devnet("http://127.0.0.1:37939", "http://127.0.0.1:48102");
 * const payer = await NilChainPayer.connect(network, walletKeyHex);
 * ```
 */
export class Network {
  /** gRPC URL of the bootnode. */
  readonly nilvmGrpcEndpoint: string;
  /** The nilchain chain id. */
  readonly chainId: string;
  /** nilchain's CometBFT JSON-RPC URL. */
  readonly chainEndpoint: string;

  /**
   * A network from its endpoints and chain id.
   *
   * @throws {InvalidArgumentError} naming the field that is not a usable value
   *
   * @example
   * ```ts
   * import { Network } from "@nillion/vm-client";
   *
   * const network = new Network({
   *   nilvmGrpcEndpoint: "https://node-1.example.com:14311",
   *   chainId: "nillion-chain-testnet-1",
   *   chainEndpoint: "https://rpc.example.com",
   * });
   * ```
   */
  constructor(init: NetworkInit) {
    if (typeof init !== "object" || init === null) {
      throw new InvalidArgumentError(`"init" expected { nilvmGrpcEndpoint, chainId, chainEndpoint }`, {
        argument: "init",
      });
    }
    this.nilvmGrpcEndpoint = url(init.nilvmGrpcEndpoint, "nilvmGrpcEndpoint");
    this.chainEndpoint = url(init.chainEndpoint, "chainEndpoint");
    if (typeof init.chainId !== "string" || init.chainId.length === 0) {
      throw new InvalidArgumentError(`"chainId" must be a non-empty string`, { argument: "chainId" });
    }
    this.chainId = init.chainId;
    Object.freeze(this);
  }

  /**
   * A devnet: chain id `nillion-chain-devnet`, nodes and chain where you say. Endpoints are URLs with
   * their scheme; a devnet runs without TLS, so they are usually `http://`.
   *
   * @param nilvmGrpcEndpoint the bootnode, e.g. `http://127.0.0.1:37939`
   * @param chainEndpoint nilchain's CometBFT JSON-RPC (in browsers, its CORS proxy)
   * @throws {InvalidArgumentError} for an endpoint that is not a URL
   *
   * @example
   * ```ts
   * import { Network } from "@nillion/vm-client";
   *
   * const network = Network.devnet("http://127.0.0.1:37939", "http://127.0.0.1:48102");
   * ```
   */
  static devnet(nilvmGrpcEndpoint: string, chainEndpoint: string): Network {
    return new Network({ nilvmGrpcEndpoint, chainEndpoint, chainId: DEVNET_CHAIN_ID });
  }

  /**
   * The public testnet (`nillion-chain-testnet-1`): its first node as bootnode and the public nilchain
   * RPC proxy, as the official TS client presets them.
   *
   * @example
   * ```ts
   * import { Network } from "@nillion/vm-client";
   *
   * const network = Network.testnet();
   * network.chainId; // "nillion-chain-testnet-1"
   * ```
   */
  static testnet(): Network {
    return new Network({
      nilvmGrpcEndpoint: "https://node-1.nilvm-testnet-1.nillion-network.testnet.nillion.network:14311",
      chainEndpoint: "https://rpc.testnet.nilchain-rpc-proxy.nilogy.xyz",
      chainId: "nillion-chain-testnet-1",
    });
  }

  /**
   * Loads `<name>.yaml` from `$XDG_CONFIG_HOME/nillion/networks/`, or `~/.config/nillion/networks/`
   * when `XDG_CONFIG_HOME` is unset: the files `nillion-devnet` writes on start (`devnet.yaml`). It reads
   * `bootnode`, `payments.nilchain_chain_id` and `payments.nilchain_rpc_endpoint`. Node.js only: the
   * browser build throws.
   *
   * @throws {InvalidArgumentError} (`argument: "name"`) for a name with `/` or `.`, or a file that is not
   * YAML or lacks a key (the message names the file and the key)
   * @throws {NotFoundError} when there is no such file (the message gives the path)
   * @throws {UnavailableError} in a browser
   *
   * @example
   * ```ts
   * import { Network } from "@nillion/vm-client";
   *
   * const network = Network.fromConfig("devnet");
   * ```
   */
  static fromConfig(name: string): Network {
    return new Network(readNetworkFile(name));
  }
}

function url(value: unknown, argument: string): string {
  if (typeof value !== "string" || !URL.canParse(value)) {
    throw new InvalidArgumentError(
      `"${argument}" must be a URL with its scheme (e.g. "http://127.0.0.1:37939"), got ${JSON.stringify(value)}`,
      { argument },
    );
  }
  return value;
}
