// Runs the online protocols of one level side by side and turns their requests into communication
// rounds: every round all of them wait in is one message per peer, as in the reference's parallel plan.
import { InternalError } from "@nillion/types";
import type { Channel } from "./channel.js";
import type { PartySharing } from "./party-sharing.js";

/**
 * What an online protocol instance can ask of the network. Each call costs one round, shared with every
 * other instance of the level that asks for something at the same time.
 */
export interface RoundContext {
  readonly sharing: PartySharing;
  /**
   * Degree reduction (GRR): each value is this party's point of a polynomial of degree at most 2T
   * (typically a local product of two shares). Every party deals its point with a fresh random
   * degree-T polynomial, sends party j its evaluation at j's abscissa, and recombines what it receives
   * with the Lagrange coefficients at zero over all n parties. The result is this party's degree-T share
   * of the same secrets; a peer only ever sees one point of each fresh polynomial.
   */
  reshare(values: readonly bigint[]): Promise<bigint[]>;
  /** Opening: every party sends its shares to every other, and all interpolate the secrets. */
  open(shares: readonly bigint[]): Promise<bigint[]>;
  /**
   * A plain exchange, for protocols that deal or broadcast themselves: `outgoing[j]` goes to party j, the
   * same number of elements to every party (this party's own entry is not sent; it comes back as it is).
   * The result holds, per party, what that party sent this one.
   */
  exchange(outgoing: readonly (readonly bigint[])[]): Promise<(readonly bigint[])[]>;
}

/**
 * How many rounds a party has run and what it has sent.
 *
 * @example
 * ```ts
 * import type { Traffic } from "@nillion/mpc";
 *
 * const perRound = (traffic: Traffic) => traffic.elements / Math.max(traffic.rounds, 1);
 * ```
 */
export interface Traffic {
  /** Communication rounds. */
  readonly rounds: number;
  /** Messages sent: one per peer and round. */
  readonly messages: number;
  /** Field elements sent, over all messages. */
  readonly elements: number;
}

type Request = {
  readonly instance: number;
  readonly reject: (reason: unknown) => void;
} & (
  | {
      readonly kind: "reshare" | "open";
      readonly values: readonly bigint[];
      readonly resolve: (results: bigint[]) => void;
    }
  | {
      readonly kind: "exchange";
      readonly outgoing: readonly (readonly bigint[])[];
      readonly resolve: (results: (readonly bigint[])[]) => void;
    }
);

/** Elements a request puts in each peer's message. */
const widthOf = (request: Request): number =>
  request.kind === "exchange" ? (request.outgoing[0]?.length ?? 0) : request.values.length;

/** One party's round counter over a channel; `run` executes a level's protocol instances. */
export class RoundScheduler {
  readonly sharing: PartySharing;
  readonly #channel: Channel;
  #rounds = 0;
  #messages = 0;
  #elements = 0;

  constructor(sharing: PartySharing, channel: Channel) {
    this.sharing = sharing;
    this.#channel = channel;
  }

  get traffic(): Traffic {
    return { rounds: this.#rounds, messages: this.#messages, elements: this.#elements };
  }

  /**
   * Runs `instances` concurrently. Whenever every unfinished instance is waiting for a `reshare` or
   * `open`, their requests go out together as one round: one message per peer holding the requests in
   * instance order (and call order within an instance), so every party lays out and reads the messages
   * the same way. The first failure fails the whole level.
   */
  run<T>(instances: readonly ((round: RoundContext) => Promise<T>)[]): Promise<T[]> {
    return new LevelRun(this, instances.length).start(instances);
  }

  /** Exchanges one round: sends each peer its elements, returns what each peer sent (own slot empty). */
  async exchange(outgoing: readonly (readonly bigint[])[]): Promise<(readonly bigint[])[]> {
    const round = this.#rounds;
    this.#rounds += 1;
    const { party, parties } = this.sharing;
    const peers = Array.from({ length: parties }, (_, j) => j).filter((j) => j !== party);
    const [, received] = await Promise.all([
      Promise.all(
        peers.map((to) => {
          const elements = outgoing[to] ?? [];
          this.#messages += 1;
          this.#elements += elements.length;
          return this.#channel.send({ from: party, to, round, elements });
        }),
      ),
      Promise.all(peers.map((from) => this.#channel.receive(from, round))),
    ]);
    const incoming: (readonly bigint[])[] = Array.from({ length: parties }, () => []);
    for (const [k, from] of peers.entries()) {
      const expected = outgoing[from]?.length ?? 0;
      incoming[from] = checkMessage(received[k] ?? [], from, round, expected, this.sharing.field.modulus);
    }
    return incoming;
  }
}

// A message must have exactly the layout this party expects (the same requests in the same order) and
// hold canonical field elements; anything else means the peer runs a different computation.
function checkMessage(
  elements: readonly bigint[],
  from: number,
  round: number,
  expected: number,
  p: bigint,
): readonly bigint[] {
  if (elements.length !== expected) {
    throw new InternalError(
      `protocol violation: party ${from} sent ${elements.length} elements in round ${round}, expected ${expected}`,
      { details: { from, round } },
    );
  }
  for (const element of elements) {
    if (typeof element !== "bigint" || element < 0n || element >= p) {
      throw new InternalError(
        `protocol violation: party ${from} sent a value that is not a field element in round ${round}`,
        { details: { from, round } },
      );
    }
  }
  return elements;
}

/** The instances of one level while they run: collects their requests and flushes complete rounds. */
class LevelRun {
  readonly #scheduler: RoundScheduler;
  #active: number;
  #requests: Request[] = [];
  #waiting = new Set<number>();
  #checkQueued = false;
  #failure: { readonly reason: unknown } | undefined;

  constructor(scheduler: RoundScheduler, instances: number) {
    this.#scheduler = scheduler;
    this.#active = instances;
  }

  start<T>(instances: readonly ((round: RoundContext) => Promise<T>)[]): Promise<T[]> {
    return Promise.all(instances.map((instance, index) => this.#runInstance(index, instance)));
  }

  async #runInstance<T>(index: number, instance: (round: RoundContext) => Promise<T>): Promise<T> {
    const { sharing } = this.#scheduler;
    const context: RoundContext = {
      sharing,
      reshare: (values) =>
        this.#request((resolve, reject) => ({ kind: "reshare", instance: index, values, resolve, reject })),
      open: (values) =>
        this.#request((resolve, reject) => ({ kind: "open", instance: index, values, resolve, reject })),
      exchange: (outgoing) => {
        const width = outgoing[0]?.length ?? 0;
        if (outgoing.length !== sharing.parties || outgoing.some((elements) => elements.length !== width)) {
          return Promise.reject(
            new InternalError(
              `an exchange must send every one of ${sharing.parties} parties the same number of elements`,
            ),
          );
        }
        return this.#request((resolve, reject) => ({
          kind: "exchange",
          instance: index,
          outgoing,
          resolve,
          reject,
        }));
      },
    };
    try {
      return await instance(context);
    } catch (error) {
      this.#fail(error);
      throw error;
    } finally {
      this.#active -= 1;
      this.#queueCheck();
    }
  }

  #request<T>(
    make: (resolve: (results: T) => void, reject: (reason: unknown) => void) => Request,
  ): Promise<T> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure.reason);
    return new Promise((resolve, reject) => {
      const request = make(resolve, reject);
      this.#requests.push(request);
      this.#waiting.add(request.instance);
      this.#queueCheck();
    });
  }

  // Checked in a microtask, so requests an instance makes in the same tick (e.g. through Promise.all)
  // travel in the same round.
  #queueCheck(): void {
    if (this.#checkQueued) return;
    this.#checkQueued = true;
    queueMicrotask(() => {
      this.#checkQueued = false;
      if (this.#failure === undefined && this.#waiting.size > 0 && this.#waiting.size === this.#active) {
        const requests = this.#requests;
        this.#requests = [];
        this.#waiting = new Set();
        this.#flush(requests).catch((error: unknown) => {
          this.#fail(error);
          for (const request of requests) request.reject(error);
        });
      }
    });
  }

  async #flush(pending: Request[]): Promise<void> {
    // Stable: requests of one instance keep their call order.
    const requests = pending.sort((a, b) => a.instance - b.instance);
    const sharing = this.#scheduler.sharing;
    const { parties, party } = sharing;
    // All resharings of the round are dealt in one go: one draw from the random source, not one per request.
    const dealt = sharing.deal(
      requests.flatMap((request) => (request.kind === "reshare" ? request.values : [])),
    );
    const outgoing = Array.from({ length: parties }, (): bigint[] => []);
    let cursor = 0;
    // Each request's own entry: what it sends itself, as it would send it to a peer.
    const own = requests.map((request) => {
      const count = widthOf(request);
      const start = cursor;
      if (request.kind === "reshare") cursor += count;
      for (const [j, elements] of outgoing.entries()) {
        if (j === party) continue;
        const source =
          request.kind === "open"
            ? request.values
            : request.kind === "exchange"
              ? request.outgoing[j]
              : dealt[j];
        const offset = request.kind === "reshare" ? start : 0;
        for (let v = 0; v < count; v++) elements.push((source as readonly bigint[])[offset + v] as bigint);
      }
      if (request.kind === "open") return request.values;
      if (request.kind === "exchange") return request.outgoing[party] as readonly bigint[];
      return (dealt[party] as bigint[]).slice(start, start + count);
    });
    const incoming = await this.#scheduler.exchange(outgoing);
    let offset = 0;
    const points = new Array<bigint>(parties);
    for (const [r, request] of requests.entries()) {
      const mine = own[r] ?? [];
      const width = widthOf(request);
      if (request.kind === "exchange") {
        request.resolve(
          Array.from({ length: parties }, (_, j) =>
            j === party ? mine : (incoming[j] as readonly bigint[]).slice(offset, offset + width),
          ),
        );
      } else {
        const results = new Array<bigint>(width);
        for (let v = 0; v < width; v++) {
          for (let j = 0; j < parties; j++) {
            points[j] = (j === party ? mine[v] : incoming[j]?.[offset + v]) as bigint;
          }
          results[v] = sharing.recombine(points);
        }
        request.resolve(results);
      }
      offset += width;
    }
  }

  #fail(reason: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = { reason };
    for (const request of this.#requests) request.reject(reason);
    this.#requests = [];
  }
}

/** The single result of a one-value `reshare` or `open`. */
export function onlyElement(values: readonly bigint[]): bigint {
  const [value] = values;
  if (value === undefined || values.length !== 1) {
    throw new InternalError(`expected one element from the round, got ${values.length}`);
  }
  return value;
}
