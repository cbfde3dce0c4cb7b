/** A clock that runs with real time, plus an offset the suite moves forward to expire quotes and receipts. */
export interface MovableClock {
  /** Real time plus every advance so far. */
  now(): Date;
  /** Moves the clock `ms` forward, for good. */
  advance(ms: number): void;
}

/**
 * A {@link MovableClock} for `Devnet.start({ now })`. Tokens must then be signed with the same clock,
 * or the nodes see them as expired once the clock has moved.
 *
 * @example
 * ```ts
 * const clock = movableClock();
 * const devnet = await Devnet.start({ portBase: 0, now: () => clock.now() });
 * clock.advance(25 * 3_600_000); // every 24 h quote and receipt is now expired
 * ```
 */
export function movableClock(): MovableClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`a clock only moves forward, got ${ms} ms`);
      offsetMs += ms;
    },
  };
}
