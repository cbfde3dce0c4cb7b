import { devnetRng } from "./devnet-rng.js";

/** Lowest port the reference devnet hands to a node. */
export const SEEDED_PORT_MIN = 30000;
/** Highest port the reference devnet hands to a node. */
export const SEEDED_PORT_MAX = 65535;

/**
 * The gRPC ports the reference `nillion-devnet` gives its first `count` nodes for `seed`: it shuffles the
 * whole range 30000..=65535 with the seeded generator (rand's `SliceRandom::shuffle`) and node *i* takes
 * the *i*-th port, so ports never collide within a cluster and stay put across runs.
 *
 * @example
 * ```ts
 * seededNodePorts("test", 3); // [43207, 58829, 47232]
 * seededNodePorts("nillion-devnet", 3); // [37939, 54936, 44651]
 * ```
 */
export function seededNodePorts(seed: string, count: number): number[] {
  const ports = new Uint16Array(SEEDED_PORT_MAX - SEEDED_PORT_MIN + 1);
  for (let i = 0; i < ports.length; i += 1) ports[i] = SEEDED_PORT_MIN + i;
  devnetRng(seed).shuffle(ports);
  return Array.from(ports.subarray(0, count));
}
