import { createClient } from "@connectrpc/connect";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import type { NodeVersion as NodeVersionMessage } from "@nillion/proto/nillion/membership/v1/version";
import { type CallEnvironment, callNode } from "./node-call.js";
import type { Connection } from "./session.js";

/**
 * What a node says it runs (`Membership/NodeVersion`).
 *
 * @example
 * ```ts
 * const { version, gitHash } = await client.version(); // e.g. "0.10.0", "4c5…"
 * ```
 */
export interface NodeVersion {
  /** The semantic version, e.g. `"0.10.0"` or `"0.10.0-rc.1"`. */
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The pre-release part, `""` for a release. */
  readonly preRelease: string;
  /** The commit the node was built from. */
  readonly gitHash: string;
}

/** The leader's version message; payment modes are chosen from it. */
export function fetchNodeVersion(
  environment: CallEnvironment,
  connection: Connection,
): Promise<NodeVersionMessage> {
  const client = createClient(Membership, connection.transport);
  return callNode(
    environment,
    { node: connection.node.grpcEndpoint, method: "Membership/NodeVersion" },
    "idempotent",
    (options) => client.nodeVersion({}, options),
  );
}

/** `message` as a {@link NodeVersion}; a node that sends no version reads as 0.0.0. */
export function nodeVersionFromMessage(message: NodeVersionMessage): NodeVersion {
  const major = Number(message.version?.major ?? 0n);
  const minor = Number(message.version?.minor ?? 0n);
  const patch = Number(message.version?.patch ?? 0n);
  const preRelease = message.version?.preRelease ?? "";
  const core = `${major}.${minor}.${patch}`;
  return {
    version: preRelease === "" ? core : `${core}-${preRelease}`,
    major,
    minor,
    patch,
    preRelease,
    gitHash: message.gitHash,
  };
}
