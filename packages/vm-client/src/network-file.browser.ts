// The browser build's stand-in for network-file.ts: there is no config directory to read.
import { UnavailableError } from "@nillion/types";
import type { NetworkInit } from "./network-init.js";

/** Always throws: network config files are a Node.js feature. */
export function readNetworkFile(name: string): NetworkInit {
  throw new UnavailableError(
    `Network.fromConfig(${JSON.stringify(name)}) reads files and is not available in browsers; use Network.devnet(…), Network.testnet() or new Network({…})`,
  );
}
