import { Code, ConnectError } from "@connectrpc/connect";

const DAY_MS = 24 * 60 * 60 * 1000;
/** What a store without `ttl_days` gets: ten years, as on the node. */
const DEFAULT_TTL_DAYS = 3650;
/**
 * The reference node adds the days to the current UTC date-time with chrono (0.4.38), whose calendar ends
 * on 31 December 262142: an expiry from this instant on is refused.
 */
const END_OF_CALENDAR_MS = Date.UTC(262143, 0, 1);

/**
 * When values stored at `now` for `ttlDays` (the StoreValues quote's `ttl_days`) expire.
 *
 * @throws {ConnectError} INVALID_ARGUMENT "ttl_days is too high" for an expiry after 31 December 262142
 *
 * @example
 * ```ts
 * valuesExpiry(7, new Date("2026-01-01T12:00:00Z")); // 2026-01-08T12:00:00.000Z
 * ```
 */
export function valuesExpiry(ttlDays: number | undefined, now: Date): Date {
  const expiresAt = now.getTime() + (ttlDays ?? DEFAULT_TTL_DAYS) * DAY_MS;
  if (expiresAt >= END_OF_CALENDAR_MS) throw new ConnectError("ttl_days is too high", Code.InvalidArgument);
  return new Date(expiresAt);
}
