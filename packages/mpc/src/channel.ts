// The transport-independent link between one party and its peers: what the engine sends and receives.

/**
 * One protocol message: the field elements party `from` sends party `to` in communication round
 * `round`. Parties are numbered 0…n−1 in ascending order of their ids, so party `k` holds the shares at
 * abscissa `k + 1`. Within one computation every ordered pair of parties exchanges exactly one message
 * per round (possibly empty), and rounds are numbered 0, 1, 2… in the order the engine runs them.
 * `elements` are canonical residues below the prime, so a transport can serialise each in the field's
 * fixed width (8, 16 or 32 bytes).
 *
 * @example
 * ```ts
 * import type { ChannelMessage } from "@nillion/mpc";
 *
 * const message: ChannelMessage = { from: 0, to: 2, round: 1, elements: [5n, 17n] };
 * ```
 */
export interface ChannelMessage {
  readonly from: number;
  readonly to: number;
  readonly round: number;
  readonly elements: readonly bigint[];
}

/**
 * One party's endpoint of a computation's network. The engine calls `send` once per peer and round, and
 * `receive` once per peer and round; messages may arrive in any order, so a transport buffers them by
 * sender and round until they are received (`Mailbox` does exactly that). A transport that gives up
 * (a peer is gone, a timeout expired) rejects `send` or `receive`, and the computation fails with that
 * error.
 *
 * @example
 * ```ts
 * import { Mailbox, type Channel, type ChannelMessage } from "@nillion/mpc";
 *
 * // A node's channel: its mailbox for incoming messages, a stream per peer for outgoing ones.
 * function nodeChannel(inbox: Mailbox, sendToPeer: (message: ChannelMessage) => Promise<void>): Channel {
 *   return { send: sendToPeer, receive: (from, round) => inbox.receive(from, round) };
 * }
 * ```
 */
export interface Channel {
  /** Sends `message` (whose `from` is this party) to party `message.to`. */
  send(message: ChannelMessage): Promise<void>;
  /** The elements party `from` sent this party in round `round`. */
  receive(from: number, round: number): Promise<readonly bigint[]>;
}
