// Public, secret or literal: the one property, besides its base type, that decides what a scalar can do.

/**
 * How a scalar value is known: a `literal` is a constant of the program, a `public` value is an input or
 * result every node sees, a `secret` one exists only as shares.
 *
 * @example
 * ```ts
 * import type { Mode } from "@nillion/nada/dsl";
 *
 * const mode: Mode = "secret";
 * ```
 */
export type Mode = "literal" | "public" | "secret";

/**
 * The mode of a result computed from two operands: secret if either is, else public if either is, else
 * literal (folded at build time).
 *
 * @example
 * ```ts
 * import type { JoinModes } from "@nillion/nada/dsl";
 *
 * type M = JoinModes<"public", "secret">; // "secret"
 * ```
 */
export type JoinModes<A extends Mode, B extends Mode> = "secret" extends A | B
  ? "secret"
  : "public" extends A | B
    ? "public"
    : "literal";

const RANK: Readonly<Record<Mode, number>> = { literal: 0, public: 1, secret: 2 };

/** {@link JoinModes} at run time. */
export function joinModes(...modes: readonly Mode[]): Mode {
  return modes.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), "literal");
}
