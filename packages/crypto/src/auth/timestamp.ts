// google.protobuf.Timestamp <-> Date, with the node's (chrono's) idea of which timestamps are valid.

/** `seconds` as the int64 it is on the wire; `nanos` in [0, 1e9). @internal */
export interface Timestamp {
  readonly seconds: bigint;
  readonly nanos: number;
}

// chrono's NaiveDate::MIN (-262143-01-01T00:00:00Z) and NaiveDate::MAX (+262142-12-31T23:59:59Z); the
// node rejects timestamps outside them, and both fit in a JS Date.
const MIN_SECONDS = -8_334_601_228_800n;
const MAX_SECONDS = 8_210_266_876_799n;

/** @internal */
export function timestampFromDate(date: Date): Timestamp {
  const ms = BigInt(date.getTime());
  const seconds = ms >= 0n ? ms / 1000n : -((-ms + 999n) / 1000n);
  return { seconds, nanos: Number(ms - seconds * 1000n) * 1_000_000 };
}

/**
 * The instant of a decoded timestamp, truncated to the millisecond, or `undefined` where chrono's
 * `DateTime::from_timestamp` fails (negative nanos, out-of-range date, bad leap-second nanos).
 *
 * Truncating is exact for the node's only use, `expires_at < now` with a millisecond `now`: for an
 * instant E and a whole millisecond N, E < N exactly when floor(E) < N.
 *
 * @internal
 */
export function dateFromTimestamp({ seconds, nanos }: Timestamp): Date | undefined {
  if (nanos < 0 || nanos >= 2_000_000_000) return undefined;
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) return undefined;
  const secondOfMinute = ((seconds % 60n) + 60n) % 60n;
  // chrono only allows nanos >= 1e9 on a leap second (second 59), where they order after every other
  // instant of that second and before the next one: the last millisecond of the second has that order.
  if (nanos >= 1_000_000_000 && secondOfMinute !== 59n) return undefined;
  const millis = Math.min(Math.floor(nanos / 1_000_000), 999);
  return new Date(Number(seconds) * 1000 + millis);
}
