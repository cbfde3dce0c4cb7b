// The longest time to live storeValues accepts is the one the reference node accepts: an expiry on 31
// December 262142, the last day of chrono's calendar, at whatever time of day the store is made; a day
// more is refused before anything is quoted. The devnet's own boundary tests use the same clocks.
import { InvalidArgumentError, SecretInteger } from "@nillion/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connect } from "./connect.js";

const DAY = 24 * 3600 * 1000;
/** Calendar days from 21 November 2026 to 31 December 262142. */
const LAST_ACCEPTED = (Date.UTC(262142, 11, 31) - Date.UTC(2026, 10, 21)) / DAY;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe.each(["2026-11-21T00:00:00.000Z", "2026-11-21T12:00:00.000Z", "2026-11-21T23:59:59.999Z"])(
  "storeValues at %s",
  (time) => {
    it(`quotes ${LAST_ACCEPTED} days, and refuses one more before quoting`, async () => {
      vi.setSystemTime(new Date(time));
      const { cluster, client } = await connect();
      const values = { a: new SecretInteger(1n) };
      await client.storeValues(values, { ttlDays: LAST_ACCEPTED }).quote();
      expect(cluster.callsOf("PriceQuote")).toHaveLength(1);

      const refused = await client
        .storeValues(values, { ttlDays: LAST_ACCEPTED + 1 })
        .quote()
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(InvalidArgumentError);
      expect((refused as InvalidArgumentError).argument).toBe("ttlDays");
      expect((refused as InvalidArgumentError).details).toEqual({ maximum: LAST_ACCEPTED });
      expect(cluster.callsOf("PriceQuote")).toHaveLength(1);
    });
  },
);
