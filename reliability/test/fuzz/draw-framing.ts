import type { SeededRandom } from "../support/seeded-random.js";
import type { Http1Framing } from "./raw-http1.js";

// Most bodies are framed honestly (three in seven by Content-Length, one chunked), so that they reach the
// server's handler; the rest lie about where the body ends.
const FRAMINGS: readonly Http1Framing[] = [
  "content-length",
  "content-length",
  "content-length",
  "chunked",
  "length-larger",
  "length-smaller",
  "bad-chunk",
];

/** How a fuzzed HTTP/1.1 request frames its body, drawn from `random`. */
export function drawFraming(random: SeededRandom): Http1Framing {
  return random.pick(FRAMINGS);
}
