// n parties' channels wired together in one process: the simulator's transport.
import { InvalidArgumentError } from "@nillion/types";
import type { Channel, ChannelMessage } from "./channel.js";
import { Mailbox } from "./mailbox.js";

/**
 * Options of {@link InMemoryNetwork}.
 *
 * @example
 * ```ts
 * import type { InMemoryNetworkOptions } from "@nillion/mpc";
 *
 * const seen: number[] = [];
 * const options: InMemoryNetworkOptions = { onMessage: (message) => seen.push(message.elements.length) };
 * ```
 */
export interface InMemoryNetworkOptions {
  /** Called with every message as it is sent, before delivery: the hook for instrumenting traffic. */
  readonly onMessage?: (message: ChannelMessage) => void;
}

/**
 * Channels for parties 0…n−1 that deliver straight into each other's {@link Mailbox}. Each message's
 * elements are copied on the way, as a real transport would, so no party shares memory with another.
 *
 * @example
 * ```ts
 * import { InMemoryNetwork } from "@nillion/mpc";
 *
 * const network = new InMemoryNetwork(3);
 * await network.channel(0).send({ from: 0, to: 1, round: 0, elements: [7n] });
 * await network.channel(1).receive(0, 0); // [7n]
 * ```
 */
export class InMemoryNetwork {
  readonly parties: number;
  readonly #mailboxes: readonly Mailbox[];
  readonly #onMessage: ((message: ChannelMessage) => void) | undefined;

  constructor(parties: number, options: InMemoryNetworkOptions = {}) {
    if (!Number.isSafeInteger(parties) || parties < 1) {
      throw new InvalidArgumentError(`a network needs a positive whole number of parties, got ${parties}`, {
        argument: "parties",
      });
    }
    this.parties = parties;
    this.#mailboxes = Array.from({ length: parties }, () => new Mailbox());
    this.#onMessage = options.onMessage;
  }

  /** The endpoint of party `party`. */
  channel(party: number): Channel {
    const inbox = this.#mailbox(party, "party");
    return {
      send: async (message) => {
        if (message.from !== party) {
          throw new InvalidArgumentError(`party ${party} cannot send as party ${message.from}`, {
            argument: "message",
          });
        }
        if (message.to === party) {
          throw new InvalidArgumentError(`party ${party} cannot send a message to itself`, {
            argument: "message",
          });
        }
        const copy: ChannelMessage = { ...message, elements: message.elements.slice() };
        this.#onMessage?.(copy);
        this.#mailbox(message.to, "message").deliver(copy.from, copy.round, copy.elements);
      },
      receive: (from, round) => inbox.receive(from, round),
    };
  }

  /** Fails every party's pending and later receives with `reason` (e.g. after one party failed). */
  close(reason: Error): void {
    for (const mailbox of this.#mailboxes) mailbox.close(reason);
  }

  #mailbox(party: number, argument: string): Mailbox {
    const mailbox = this.#mailboxes[party];
    if (mailbox === undefined) {
      throw new InvalidArgumentError(`no party ${party} in a network of ${this.parties}`, { argument });
    }
    return mailbox;
  }
}
