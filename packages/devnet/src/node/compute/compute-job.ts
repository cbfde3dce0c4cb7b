// What a node runs once it has accepted a computation: a program, or a key generation.
import type { Channel } from "@nillion/mpc";
import type { ComputeType } from "@nillion/proto/nillion/compute/v1/stream";

/**
 * This node's place in a computation, handed to the job when it starts.
 *
 * @example
 * ```ts
 * const context: ComputeJobContext = { channel, parties: 3, party: 1, degree: 1, prime: Prime.SAFE_256_BITS };
 * ```
 */
export interface ComputeJobContext {
  readonly channel: Channel;
  /** n, and this node's party number (its rank in ascending node-id order). */
  readonly parties: number;
  readonly party: number;
  readonly degree: number;
  /** The cluster prime (`Prime` enum number). */
  readonly prime: number;
}

/**
 * A computation a node accepted: how its `StreamCompute` calls are marked (`GENERAL` for programs,
 * `ECDSA_DKG` / `EDDSA_DKG` for key generations), and its run.
 *
 * @example
 * ```ts
 * const job: ComputeJob = { computeType: ComputeType.GENERAL, run: async (context) => ({ result, summary: "2 rounds" }) };
 * ```
 */
export interface ComputeJob {
  readonly computeType: ComputeType;
  /**
   * Runs this node's part; resolves the encoded `ComputeResult` to keep for the output users and a
   * summary for the log. Rejecting fails the computation with the rejection's message.
   */
  run(context: ComputeJobContext): Promise<{ readonly result: Uint8Array; readonly summary: string }>;
}
