import type { SeededRandom } from "../support/seeded-random.js";

/** `hex` with each letter's case drawn from `random`: the same hash, spelt another way. */
export function anyLetterCase(hex: string, random: SeededRandom): string {
  return [...hex].map((char) => (random.chance(0.5) ? char.toUpperCase() : char.toLowerCase())).join("");
}
