// The leader's dealer and the nodes' Preprocessing service, through router transports that authenticate
// like the nodes' peer channels: every node ends up with its own shares of fresh, independent elements of
// every kind, as long as the layouts @nillion/mpc reads (consistent degree-T sharings, never one element
// copied); only the leader may deal or clean up, a batch that does not fit its element's layout is
// refused, and cleanup drops used batches everywhere.

import { create, toBinary } from "@bufbuild/protobuf";
import {
  Code,
  createClient,
  createRouterTransport,
  type Interceptor,
  type Transport,
} from "@connectrpc/connect";
import { createSignedToken, encodeTokenHeader, PrimeField, type PrivateKey } from "@nillion/crypto";
import { materialLength, SAMPLED_ELEMENTS, zeroSharingCount } from "@nillion/mpc";
import { PreprocessingBatchSchema } from "@nillion/proto/nillion/devnet/v1/preprocessing";
import { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { Preprocessing } from "@nillion/proto/nillion/preprocessing/v1/service";
import { PreprocessingElement, type PreprocessingElementName } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { clusterLayout } from "../src/index.js";
import { callerInterceptor } from "../src/node/caller.js";
import { encodeElements } from "../src/node/compute/field-elements.js";
import { partyRanks } from "../src/node/compute/party-ranks.js";
import type { NodeContext } from "../src/node/node-extension.js";
import { clusterDealer } from "../src/node/preprocessing/cluster-dealer.js";
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
  const batches = layout.nodes.map(() => new PreprocessingBatches(field));
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
    dealer: clusterDealer(context, batches[leader.index] as PreprocessingBatches),
  };
}

/**
 * The values each element of batch `batchId` (of `size` elements) is shared as, checking that every
 * value's three shares (party k at abscissa k + 1) lie on one line: a degree-1 sharing.
 */
function openedElements(
  batches: PreprocessingBatches[],
  element: PreprocessingElementName,
  batchId: number,
  size: number,
): bigint[][] {
  const byParty = [0, 1, 2].map(
    (rank) => batches[ranks.nodeOf(rank)]?.read(element, batchId * size, size, size) ?? [],
  );
  return Array.from({ length: size }, (_, e) => {
    const [m1, m2, m3] = byParty.map((materials) => materials[e] ?? []) as [bigint[], bigint[], bigint[]];
    expect([m2.length, m3.length]).toEqual([m1.length, m1.length]);
    const zeros = zeroSharingCount(element, "SAFE_256_BITS");
    return m1.map((s1, v) => {
      const [s2, s3] = [m2[v] as bigint, m3[v] as bigint];
      if (v >= m1.length - zeros) {
        // A zero sharing of degree 2T = 2: the three points are not on a line, and open to 0.
        expect(field.sub(s2, s1)).not.toBe(field.sub(s3, s2));
        return field.add(field.mul(3n, field.sub(s1, s2)), s3);
      }
      expect(field.sub(s2, s1)).toBe(field.sub(s3, s2));
      return field.sub(s1, field.sub(s2, s1));
    });
  });
}

const openedValues = (
  batches: PreprocessingBatches[],
  element: PreprocessingElementName,
  batchId: number,
  size: number,
) => openedElements(batches, element, batchId, size).map(([value]) => value as bigint);

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

  it.each(
    SAMPLED_ELEMENTS.filter((element) => !["DIVISION_SECRET_DIVISOR", "RANDOM_BOOLEAN"].includes(element)),
  )("deals %s in the length of its @nillion/mpc layout, every element fresh", async (element) => {
    const { batches, dealer } = cluster();
    await dealer.deal(element, 1, 8);
    const elements = openedElements(batches, element, 1, 8);
    const zeros = zeroSharingCount(element, "SAFE_256_BITS");
    for (const values of elements) {
      expect(values).toHaveLength(materialLength(element, "SAFE_256_BITS"));
      expect(values.slice(values.length - zeros)).toEqual(new Array(zeros).fill(0n));
    }
    expect(new Set(elements.map((values) => values.join())).size).toBe(8);
  });

  it("deals the masks of a division by a secret divisor in one batch", async () => {
    const { batches, dealer } = cluster();
    await dealer.deal("DIVISION_SECRET_DIVISOR", 0, 2);
    const elements = openedElements(batches, "DIVISION_SECRET_DIVISOR", 0, 2);
    for (const values of elements)
      expect(values).toHaveLength(materialLength("DIVISION_SECRET_DIVISOR", "SAFE_256_BITS"));
    expect(elements[0]).not.toEqual(elements[1]);
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
  it("refuses an element that does not fit its layout or is not made of field elements", async () => {
    const { transportAs } = cluster();
    const client = createClient(Preprocessing, transportAs(leader.privateKey, 0));
    const send = (element: PreprocessingElementName, elements: Uint8Array[]) =>
      client.streamPreprocessing(
        (async function* () {
          yield {
            element: PreprocessingElement[element],
            bincodeMessage: toBinary(
              PreprocessingBatchSchema,
              create(PreprocessingBatchSchema, { batchId: 0n, elements }),
            ),
          };
        })(),
      );
    const short = await failure(send("TRUNC_PR", [encodeElements(field, [1n, 0n])]));
    expect([short.code, short.rawMessage]).toEqual([Code.InvalidArgument, "invalid preprocessing element"]);
    const notCanonical = await failure(send("RANDOM_INTEGER", [new Uint8Array(32).fill(0xff)]));
    expect([notCanonical.code, notCanonical.rawMessage]).toEqual([
      Code.InvalidArgument,
      "invalid preprocessing element",
    ]);
    await send("RANDOM_INTEGER", [encodeElements(field, [7n])]);
  });

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
