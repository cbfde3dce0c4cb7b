// The leader's dealer and the nodes' Preprocessing service, through router transports that authenticate
// like the nodes' peer channels: every node ends up with its own shares of fresh, independent elements
// (consistent degree-T sharings, never one element copied), only the leader may deal or clean up, and
// cleanup drops used batches everywhere.
import {
  Code,
  createClient,
  createRouterTransport,
  type Interceptor,
  type Transport,
} from "@connectrpc/connect";
import { createSignedToken, encodeTokenHeader, PrimeField, type PrivateKey } from "@nillion/crypto";
import { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { Preprocessing } from "@nillion/proto/nillion/preprocessing/v1/service";
import { PreprocessingElement } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { clusterLayout } from "../src/index.js";
import { callerInterceptor } from "../src/node/caller.js";
import { partyRanks } from "../src/node/compute/party-ranks.js";
import type { NodeContext } from "../src/node/node-extension.js";
import { clusterDealer } from "../src/node/preprocessing/cluster-dealer.js";
import { ELEMENT_SAMPLERS } from "../src/node/preprocessing/pool-config.js";
import { PreprocessingBatches } from "../src/node/preprocessing/preprocessing-batches.js";
import { preprocessingService } from "../src/node/preprocessing/preprocessing-service.js";
import { failure } from "./compute-helpers.js";

const field = PrimeField.of("SAFE_256_BITS");
const layout = clusterLayout({ seed: "dealer test" });
const ranks = partyRanks(layout);
const leader = layout.leader;

/** Every call carries a token `signer` made for the node it goes to. */
const signedBy =
  (signer: PrivateKey, target: Uint8Array): Interceptor =>
  (next) =>
  (request) => {
    request.header.set(
      "x-nillion-token",
      encodeTokenHeader(createSignedToken({ signer, targetNodeId: target })),
    );
    return next(request);
  };

/** Three nodes' batch stores and, for a caller, a transport to each node's Preprocessing service. */
function cluster() {
  const batches = layout.nodes.map(() => new PreprocessingBatches());
  const transportAs = (caller: PrivateKey, index: number): Transport => {
    const node = layout.nodes[index];
    if (node === undefined) throw new Error(`no node ${index}`);
    return createRouterTransport(
      (router) =>
        router.service(
          Preprocessing,
          preprocessingService({
            batches: batches[index] as PreprocessingBatches,
            field,
            ranks: () => ranks,
            leaderIndex: () => layout.leaderIndex,
          }),
        ),
      {
        router: { interceptors: [callerInterceptor({ nodeId: node.nodeId })] },
        transport: { interceptors: [signedBy(caller, node.nodeId)] },
      },
    );
  };
  const context = {
    identity: leader,
    layout: () => layout,
    prime: Prime.SAFE_256_BITS,
    polynomialDegree: 1,
    peer: (index: number) => transportAs(leader.privateKey, index),
  } as unknown as NodeContext;
  return {
    batches,
    transportAs,
    dealer: clusterDealer(context, batches[leader.index] as PreprocessingBatches, ELEMENT_SAMPLERS),
  };
}

/**
 * The value each element of batch `batchId` (of `size` elements) is shared as, checking that its three
 * shares (party k at abscissa k + 1) lie on one line: a degree-1 sharing.
 */
function openedValues(
  batches: PreprocessingBatches[],
  element: "RANDOM_INTEGER" | "RANDOM_BOOLEAN",
  batchId: number,
  size: number,
) {
  const byParty = [0, 1, 2].map(
    (rank) => batches[ranks.nodeOf(rank)]?.read(element, batchId * size, size, size) ?? [],
  );
  return Array.from({ length: size }, (_, e) => {
    const [s1, s2, s3] = byParty.map((materials) => materials[e]?.[0] as bigint) as [bigint, bigint, bigint];
    expect(field.sub(s2, s1)).toBe(field.sub(s3, s2));
    return field.sub(s1, field.sub(s2, s1));
  });
}

describe("the dealer", () => {
  it("deals every node its own shares of fresh random elements", async () => {
    const { batches, dealer } = cluster();
    await dealer.deal("RANDOM_INTEGER", 0, 64);
    for (const node of batches) expect(node.batchIds("RANDOM_INTEGER")).toEqual([0]);
    const values = openedValues(batches, "RANDOM_INTEGER", 0, 64);
    expect(new Set(values).size).toBe(64); // fresh: no element repeats another
    // No node holds the values themselves: its shares differ from them.
    for (const node of batches) {
      const shares = node.read("RANDOM_INTEGER", 0, 64, 64).map(([share]) => share);
      expect(shares.some((share, e) => share === values[e])).toBe(false);
    }
  });

  it("deals random bits as shares of 0 and 1", async () => {
    const { batches, dealer } = cluster();
    await dealer.deal("RANDOM_BOOLEAN", 3, 128);
    const values = openedValues(batches, "RANDOM_BOOLEAN", 3, 128);
    expect(new Set(values)).toEqual(new Set([0n, 1n]));
  });

  it("cleans up used batches on every node", async () => {
    const { batches, dealer } = cluster();
    for (const batch of [0, 1, 2]) await dealer.deal("RANDOM_INTEGER", batch, 4);
    await dealer.cleanup("RANDOM_INTEGER", 0, 2);
    for (const node of batches) expect(node.batchIds("RANDOM_INTEGER")).toEqual([2]);
    expect(() => batches[0]?.read("RANDOM_INTEGER", 3, 2, 4)).toThrow("failed to fetch runtime elements");
  });
});

describe("the Preprocessing service", () => {
  it("takes batches and cleanup orders from the leader only", async () => {
    const { transportAs } = cluster();
    const other = layout.nodes.find((node) => node.index !== layout.leaderIndex);
    if (other === undefined) throw new Error("no follower");
    const client = createClient(Preprocessing, transportAs(other.privateKey, layout.leaderIndex));
    const cleanup = await failure(
      client.cleanupUsedElements({
        element: PreprocessingElement.RANDOM_INTEGER,
        startChunk: 0n,
        endChunk: 1n,
      }),
    );
    expect([cleanup.code, cleanup.rawMessage]).toEqual([
      Code.PermissionDenied,
      "user does not have permissions to invoke service",
    ]);
    const stream = await failure(
      client.streamPreprocessing(
        (async function* () {
          yield { element: PreprocessingElement.RANDOM_INTEGER };
        })(),
      ),
    );
    expect(stream.code).toBe(Code.PermissionDenied);
    const generate = await failure(
      (async () => {
        for await (const _ of createClient(
          Preprocessing,
          transportAs(leader.privateKey, 0),
        ).generatePreprocessing({})) {
          // the generation RPCs are not served: the dealer replaces them
        }
      })(),
    );
    expect(generate.code).toBe(Code.Unimplemented);
  });
});
