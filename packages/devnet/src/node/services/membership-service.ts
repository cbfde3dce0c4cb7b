import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { PublicKeyType } from "@nillion/proto/nillion/auth/v1/public_key";
import {
  type Cluster,
  type ClusterMember,
  ClusterMemberSchema,
  ClusterSchema,
  type Prime,
} from "@nillion/proto/nillion/membership/v1/cluster";
import type { Membership } from "@nillion/proto/nillion/membership/v1/service";
import { type NodeVersion, NodeVersionSchema } from "@nillion/proto/nillion/membership/v1/version";

/** What a node tells clients about one cluster member. */
export interface MemberInfo {
  readonly nodeId: Uint8Array;
  /** 33-byte compressed secp256k1 authentication key. */
  readonly publicKey: Uint8Array;
  /** Full URL, e.g. `http://127.0.0.1:37939`. */
  readonly grpcEndpoint: string;
}

export interface ClusterInfo {
  readonly members: readonly MemberInfo[];
  readonly leader: MemberInfo;
  readonly prime: Prime;
  readonly polynomialDegree: number;
}

/**
 * The protocol generation nodes report. Clients only read major/minor: below 0.8 they stop using
 * funded balances, so the devnet reports the generation it implements.
 */
export const DEVNET_NODE_VERSION = { major: 0n, minor: 10n, patch: 0n, preRelease: "devnet" } as const;

function member(info: MemberInfo): ClusterMember {
  const key = { keyType: PublicKeyType.SECP256K1, contents: info.publicKey };
  // The deprecated `public_key` still carries the key: the Python client reads it for add-funds payloads.
  return create(ClusterMemberSchema, {
    identity: { contents: info.nodeId },
    publicKey: key,
    grpcEndpoint: info.grpcEndpoint,
    publicKeys: { authentication: key },
  });
}

/**
 * `nillion.membership.v1.Membership`: served by every node, no authentication needed.
 *
 * @example
 * ```ts
 * router.service(Membership, membershipService(() => clusterInfo));
 * ```
 */
export function membershipService(cluster: () => ClusterInfo): ServiceImpl<typeof Membership> {
  return {
    cluster(): Cluster {
      const info = cluster();
      return create(ClusterSchema, {
        members: info.members.map(member),
        leader: member(info.leader),
        prime: info.prime,
        polynomialDegree: info.polynomialDegree,
        kappa: 0,
      });
    },
    nodeVersion(): NodeVersion {
      return create(NodeVersionSchema, { version: DEVNET_NODE_VERSION, gitHash: "" });
    },
  };
}
