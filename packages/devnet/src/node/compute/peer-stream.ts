// One node's long-lived StreamCompute call to one peer for one computation.
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import type { Compute } from "@nillion/proto/nillion/compute/v1/service";
import type { ComputeStreamMessageSchema, ComputeType } from "@nillion/proto/nillion/compute/v1/stream";

type StreamMessage = MessageInitShape<typeof ComputeStreamMessageSchema>;

/**
 * A client-streaming `StreamCompute` call that stays open for a whole computation: each `send` becomes one
 * message on it, in order, as soon as the transport takes it, and `end` closes the call once everything
 * queued has gone out. The first message names the computation (`compute_id`, and `compute_type`:
 * `GENERAL` for a program, `ECDSA_DKG` / `EDDSA_DKG` for a key generation) and carries its payload too;
 * later ones carry only a payload (a `nillion.devnet.v1.ComputePeerMessage` in `bincode_message`).
 *
 * @example
 * ```ts
 * const stream = new PeerStream(createClient(Compute, context.peer(2)), computeId, ComputeType.GENERAL, (error) => fail(error));
 * stream.send(toBinary(ComputePeerMessageSchema, round));
 * stream.end();
 * ```
 */
export class PeerStream {
  readonly #queue: Uint8Array[] = [];
  #wake: (() => void) | undefined;
  #ended = false;

  /**
   * Opens the call; `onFailure` hears why if it fails (the peer is unreachable, refuses the stream or
   * breaks it off).
   */
  constructor(
    client: Client<typeof Compute>,
    computeId: Uint8Array,
    computeType: ComputeType,
    onFailure: (error: unknown) => void,
  ) {
    client.streamCompute(this.#messages(computeId, computeType)).catch(onFailure);
  }

  /** Queues one payload. */
  send(payload: Uint8Array): void {
    if (this.#ended) return;
    this.#queue.push(payload);
    this.#wake?.();
  }

  /** Closes the call after the queued payloads. */
  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  async *#messages(computeId: Uint8Array, computeType: ComputeType): AsyncGenerator<StreamMessage> {
    let first = true;
    for (;;) {
      const payload = this.#queue.shift();
      if (payload === undefined) {
        if (this.#ended) return;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        this.#wake = undefined;
        continue;
      }
      yield first ? { computeId, computeType, bincodeMessage: payload } : { bincodeMessage: payload };
      first = false;
    }
  }
}
