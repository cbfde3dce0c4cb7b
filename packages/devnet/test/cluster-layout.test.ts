import { createHash } from "node:crypto";
import { bytesToHex, InvalidArgumentError } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { clusterLayout, DEFAULT_DEVNET_SEED, withBoundPorts } from "../src/node/cluster-layout.js";
import { clusterIdFromSeed, normalizeClusterId } from "../src/node/layout/cluster-id.js";
import { devnetRng } from "../src/node/layout/devnet-rng.js";
import { seededNodePorts } from "../src/node/layout/seeded-node-ports.js";
import { SmallRng } from "../src/node/small-rng.js";

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest();
const hex = (bytes: Uint8Array) => bytesToHex(bytes);

function expectInvalidArgument(run: () => unknown, argument: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidArgumentError);
  expect((caught as InvalidArgumentError).argument).toBe(argument);
}

// Produced by rand 0.8.5 itself (the version nilvm's Cargo.lock pins), built from its git tag, with the
// reference's `make_rng`, `uuid_from_seed` and `build_port_shuffling`: the first ten ports of the shuffle.
const RUST_REFERENCE = [
  {
    seed: "test",
    clusterId: "b3b307bd-aaff-49f5-a73c-2e2546dca320",
    ports: [43207, 58829, 47232, 41230, 33288, 48992, 38407, 56272, 49315, 57201],
  },
  {
    seed: "nillion-devnet",
    clusterId: "9e68173f-9c23-4acc-ba81-4f079b639964",
    ports: [37939, 54936, 44651, 38656, 43857, 64667, 49163, 52965, 46482, 55116],
  },
  // An empty seed is all zeros, which rand replaces with seed_from_u64(0).
  {
    seed: "",
    clusterId: "613d918c-eb77-47e6-a058-323d439fe7ff",
    ports: [46113, 30718, 60495, 39102, 58388, 30673, 62020, 60271, 61322, 64907],
  },
  // Only the first 32 bytes count.
  {
    seed: "a-seed-that-is-much-longer-than-thirty-two-bytes-long",
    clusterId: "b59929dd-cbf0-4e60-88a0-a204e9c07a3c",
    ports: [49243, 47366, 60709, 43345, 48240, 58283, 48090, 30428, 43276, 44673],
  },
  // UTF-8 bytes, not UTF-16 code units.
  {
    seed: "héllo wörld 🌄",
    clusterId: "4e0962bb-d6d1-46b7-bb1f-49b5cc0d5146",
    ports: [57322, 52564, 54987, 40683, 49872, 51735, 30955, 53964, 54358, 52556],
  },
  // The cut falls inside "é": its first UTF-8 byte is kept, its second dropped.
  {
    seed: "0123456789012345678901234567890é",
    clusterId: "67fdd51f-f5c1-44e7-8d1e-79051e703a4d",
    ports: [36702, 42877, 36454, 59150, 65132, 63841, 46032, 47359, 31192, 49786],
  },
  // A one-byte seed leaves xoshiro's first outputs with empty upper halves: the id starts with zeros.
  {
    seed: "x",
    clusterId: "00000000-1f3c-40f9-b154-0a88729fdca7",
    ports: [43136, 46890, 37367, 47551, 43047, 35988, 56930, 57297, 49647, 40496],
  },
];

describe("SmallRng (rand 0.8.5 Xoshiro256++)", () => {
  it("matches the xoshiro256++ reference vector rand tests against", () => {
    const seed = new Uint8Array(32);
    for (let word = 0; word < 4; word += 1) seed[8 * word] = word + 1;
    const rng = SmallRng.fromSeed(seed);
    const expected = [
      41943041n,
      58720359n,
      3588806011781223n,
      3591011842654386n,
      9228616714210784205n,
      9973669472204895162n,
      14011001112246962877n,
      12406186145184390807n,
      15849039046786891736n,
      10450023813501588000n,
    ];
    expect(expected.map(() => rng.nextU64())).toEqual(expected);
  });

  it("replaces an all-zero seed with SplitMix64 output, as rand's from_seed does", () => {
    // rand 0.8.5: `SmallRng::from_seed([0; 32])` then next_u64 four times.
    const expected = [5987356902031041503n, 7051070477665621255n, 6633766593972829180n, 211316841551650330n];
    const fromZeros = SmallRng.fromSeed(new Uint8Array(32));
    expect(expected.map(() => fromZeros.nextU64())).toEqual(expected);
  });

  it("takes next_u32 from the upper half of next_u64", () => {
    const words = devnetRng("test");
    const halves = devnetRng("test");
    for (let i = 0; i < 8; i += 1) {
      expect(BigInt(halves.nextU32())).toBe(words.nextU64() >> 32n);
    }
  });

  it("seeds the devnet generator with the zero-padded seed bytes", () => {
    const rng = devnetRng("test");
    expect([rng.nextU64(), rng.nextU64(), rng.nextU64(), rng.nextU64()]).toEqual([
      16388990390461812n,
      16388990390461812n,
      31259514688n,
      4021918691743531744n,
    ]);
  });

  it("samples gen_range(0..n) for u32 with rand's widening multiply and rejection zone", () => {
    // rand 0.8.5: `gen_range(0..3_000_000_001u32)` eight times from the "test" generator. The bound is
    // above 2^31, so products exceed 2^53 and about a third of the draws are rejected.
    const rng = devnetRng("test");
    const draws = Array.from({ length: 8 }, () => rng.genIndex(3_000_000_001));
    expect(draws).toEqual([
      654085947, 628390840, 905788593, 1893601639, 1134313387, 785655888, 2440902983, 1912390553,
    ]);
  });

  it("rejects bounds gen_index cannot take", () => {
    const rng = devnetRng("test");
    for (const bound of [0, -1, 1.5, 2 ** 32, Number.NaN])
      expectInvalidArgument(() => rng.genIndex(bound), "bound");
    expect(rng.genIndex(1)).toBe(0);
    expectInvalidArgument(() => SmallRng.fromSeed(new Uint8Array(31)), "seed");
  });

  it("shuffles as Fisher–Yates from the end, one gen_index per position", () => {
    const items = [0, 1, 2, 3, 4, 5, 6, 7];
    devnetRng("x").shuffle(items);
    const replay = devnetRng("x");
    const expected = [0, 1, 2, 3, 4, 5, 6, 7];
    for (let i = expected.length - 1; i >= 1; i -= 1) {
      const j = replay.genIndex(i + 1);
      [expected[i], expected[j]] = [expected[j] as number, expected[i] as number];
    }
    expect(items).toEqual(expected);
    expect([...items].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe("seeded cluster id and ports", () => {
  it.each(RUST_REFERENCE)("reproduces the reference for seed $seed", ({ seed, clusterId, ports }) => {
    expect(clusterIdFromSeed(seed)).toBe(clusterId);
    expect(seededNodePorts(seed, 10)).toEqual(ports);
  });

  it("normalizes every UUID spelling the reference --cluster-id accepts", () => {
    const canonical = "b3b307bd-aaff-49f5-a73c-2e2546dca320";
    for (const spelling of [
      canonical,
      canonical.toUpperCase(),
      canonical.replaceAll("-", ""),
      `{${canonical}}`,
      `urn:uuid:${canonical}`,
    ]) {
      expect(normalizeClusterId(spelling)).toBe(canonical);
    }
    for (const bad of [
      "",
      "b3b307bd",
      `${canonical}0`,
      `{${canonical}`,
      "g3b307bd-aaff-49f5-a73c-2e2546dca320",
    ]) {
      expectInvalidArgument(() => normalizeClusterId(bad), "clusterId");
    }
  });
});

describe("clusterLayout", () => {
  it("reproduces the reference devnet for --seed test", () => {
    const layout = clusterLayout({ seed: "test" });
    expect(layout.clusterId).toBe("b3b307bd-aaff-49f5-a73c-2e2546dca320");
    expect(layout.nodes.map((node) => node.port)).toEqual([43207, 58829, 47232]);
    expect(layout.nodes.map((node) => hex(node.nodeId))).toEqual([
      "94d4e1f7143f8d4f4e7cdfbbffad7d7a7c4c62ec",
      "67a949f4ce888a643aa6cffb8aebb8e34e31acf3",
      "c7b0361cdaf83d0a13390378149896fe34358d6f",
    ]);
    expect(layout.leaderIndex).toBe(1);
    expect(layout.bootnodeIndex).toBe(0);
    expect(layout.bootnode.grpcEndpoint).toBe("http://127.0.0.1:43207");
    expect(layout.portsBound).toBe(true);
  });

  it("reproduces the reference devnet for the default seed", () => {
    const layout = clusterLayout();
    expect(layout.seed).toBe(DEFAULT_DEVNET_SEED);
    expect(layout.clusterId).toBe("9e68173f-9c23-4acc-ba81-4f079b639964");
    expect(layout.nodes.map((node) => node.grpcEndpoint)).toEqual([
      "http://127.0.0.1:37939",
      "http://127.0.0.1:54936",
      "http://127.0.0.1:44651",
    ]);
    expect(layout.nodes.map((node) => hex(node.nodeId))).toEqual([
      "d22edcf03c4c5b2b12b2b09bbae5c94dcb94dff0",
      "9d23f0f3ddb4f2ff2d122c0af7a9480503a304c6",
      "9d55591eeba5f7cf4a5bc508d09fd658f57b971d",
    ]);
    const keys = layout.nodes.map((node) => hex(node.publicKey));
    expect(keys.map((key) => `${key.slice(0, 8)}…${key.slice(-6)}`)).toEqual([
      "031f26e1…843923",
      "0251e08e…f9aa9b",
      "03206e5d…9a93d9",
    ]);
    expect(layout.leaderIndex).toBe(1);
    expect(layout.leader).toBe(layout.nodes[1]);
    expect(layout.bootnode).toBe(layout.nodes[0]);
  });

  it("derives each key from SHA-256 of '<seed>:<index>' and each node id from its public key", () => {
    const layout = clusterLayout({ seed: "keys", nodeCount: 10 });
    layout.nodes.forEach((node, index) => {
      expect(node.index).toBe(index);
      expect(node.privateKey.toHex()).toBe(sha256(`keys:${index}`).toString("hex"));
      expect(node.publicKey).toHaveLength(33);
      expect(node.publicKey).toEqual(node.privateKey.publicKey);
      expect(hex(node.nodeId)).toBe(sha256(node.publicKey).subarray(12).toString("hex"));
    });
    expect(layout.nodes.map((node) => node.port)).toEqual(seededNodePorts("keys", 10));
  });

  it("uses the reference's first ten shuffled ports for a ten-node cluster", () => {
    for (const { seed, clusterId, ports } of RUST_REFERENCE) {
      const layout = clusterLayout({ seed, nodeCount: 10 });
      expect(layout.clusterId).toBe(clusterId);
      expect(layout.nodes.map((node) => node.port)).toEqual(ports);
    }
  });

  it("elects the node with the lowest compressed public key, not the lowest node id", () => {
    const argmin = (values: string[]) => values.indexOf([...values].sort()[0] as string);
    let differing: string | undefined;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const seed = `leader-${attempt}`;
      const layout = clusterLayout({ seed, nodeCount: 5 });
      const byKey = argmin(layout.nodes.map((node) => hex(node.publicKey)));
      expect(layout.leaderIndex).toBe(byKey);
      expect(layout.leader).toBe(layout.nodes[byKey]);
      if (argmin(layout.nodes.map((node) => hex(node.nodeId))) !== byKey) differing ??= seed;
    }
    expect(differing).toBeDefined();
    const seen = new Set(
      Array.from({ length: 20 }, (_, attempt) => clusterLayout({ seed: `leader-${attempt}` }).leaderIndex),
    );
    expect(seen).toEqual(new Set([0, 1, 2]));
  });

  it("puts node i on portBase + i when a port base is given", () => {
    const layout = clusterLayout({ seed: "test", nodeCount: 4, portBase: 40000 });
    expect(layout.nodes.map((node) => node.port)).toEqual([40000, 40001, 40002, 40003]);
    expect(layout.nodes.map((node) => node.grpcEndpoint)).toEqual([
      "http://127.0.0.1:40000",
      "http://127.0.0.1:40001",
      "http://127.0.0.1:40002",
      "http://127.0.0.1:40003",
    ]);
    expect(layout.clusterId).toBe("b3b307bd-aaff-49f5-a73c-2e2546dca320");
    expect(layout.portsBound).toBe(true);
    expect(clusterLayout({ portBase: 65533 }).nodes.map((node) => node.port)).toEqual([65533, 65534, 65535]);
  });

  it("leaves ports unbound with portBase 0 until withBoundPorts fills them in", () => {
    const planned = clusterLayout({ seed: "test", portBase: 0 });
    expect(planned.portsBound).toBe(false);
    expect(planned.nodes.map((node) => node.port)).toEqual([0, 0, 0]);

    const bound = withBoundPorts(planned, [50001, 50002, 50003]);
    expect(bound.portsBound).toBe(true);
    expect(bound.nodes.map((node) => node.grpcEndpoint)).toEqual([
      "http://127.0.0.1:50001",
      "http://127.0.0.1:50002",
      "http://127.0.0.1:50003",
    ]);
    expect(bound.bootnode.port).toBe(50001);
    expect(bound.leader).toBe(bound.nodes[1]);
    expect(bound.leader.nodeId).toEqual(planned.leader.nodeId);
    expect(bound.nodes.map((node) => node.privateKey)).toEqual(planned.nodes.map((node) => node.privateKey));
    expect(bound.clusterId).toBe(planned.clusterId);
    // The planned layout is not modified.
    expect(planned.nodes[0]?.port).toBe(0);
  });

  it("rejects bound ports that do not fit the cluster", () => {
    const planned = clusterLayout({ portBase: 0 });
    for (const ports of [
      [50001, 50002],
      [50001, 50002, 50003, 50004],
      [50001, 50001, 50002],
      [0, 1, 2],
      [1, 2, 65536],
      [1, 2, 3.5],
    ]) {
      expectInvalidArgument(() => withBoundPorts(planned, ports), "ports");
    }
  });

  it("rejects node counts outside 3–10, naming nodeCount", () => {
    for (const nodeCount of [0, 1, 2, 11, 99, 3.5, Number.NaN]) {
      expectInvalidArgument(() => clusterLayout({ nodeCount }), "nodeCount");
    }
    expect(clusterLayout({ nodeCount: 3 }).nodes).toHaveLength(3);
    expect(clusterLayout({ nodeCount: 10 }).nodes).toHaveLength(10);
  });

  it("rejects port bases that do not fit every node below 65536", () => {
    for (const portBase of [-1, 1.5, 65534, 70000]) {
      expectInvalidArgument(() => clusterLayout({ portBase }), "portBase");
    }
    expectInvalidArgument(() => clusterLayout({ nodeCount: 10, portBase: 65527 }), "portBase");
    expect(clusterLayout({ nodeCount: 10, portBase: 65526 }).nodes.at(-1)?.port).toBe(65535);
  });

  it("advertises the bind address, loopback for the unspecified address, and brackets IPv6", () => {
    const endpoint = (bindAddress: string) =>
      clusterLayout({ bindAddress, portBase: 40000 }).bootnode.grpcEndpoint;
    expect(endpoint("192.168.1.5")).toBe("http://192.168.1.5:40000");
    expect(endpoint("0.0.0.0")).toBe("http://127.0.0.1:40000");
    expect(endpoint("::1")).toBe("http://[::1]:40000");
    expect(endpoint("::")).toBe("http://[::1]:40000");
    expect(clusterLayout({ bindAddress: "0.0.0.0" }).bindAddress).toBe("0.0.0.0");
    for (const bindAddress of ["localhost", "", "300.1.1.1"]) {
      expectInvalidArgument(() => clusterLayout({ bindAddress }), "bindAddress");
    }
  });

  it("takes an explicit cluster id instead of the seeded one, changing nothing else", () => {
    const layout = clusterLayout({ seed: "test", clusterId: "{00112233-4455-6677-8899-AABBCCDDEEFF}" });
    expect(layout.clusterId).toBe("00112233-4455-6677-8899-aabbccddeeff");
    expect(layout.nodes.map((node) => node.port)).toEqual([43207, 58829, 47232]);
    expectInvalidArgument(() => clusterLayout({ clusterId: "cluster-1" }), "clusterId");
  });

  it("rejects a seed that is not a string", () => {
    expectInvalidArgument(() => clusterLayout({ seed: 7 as unknown as string }), "seed");
  });

  it("returns a frozen layout", () => {
    const layout = clusterLayout();
    expect(Object.isFrozen(layout)).toBe(true);
    expect(Object.isFrozen(layout.nodes)).toBe(true);
    expect(Object.isFrozen(layout.nodes[0])).toBe(true);
  });
});
