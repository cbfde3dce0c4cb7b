// Random secrets: the preprocessing element is the secret, so drawing one costs no messages.
import { readSingle } from "../preprocessing-layouts.js";
import type { OnlineProtocol } from "../protocol-implementation.js";
import { scalarShare } from "../share-values.js";
import { scalarResultType } from "../step-operands.js";

/**
 * `RandomInteger` (a share of a uniform element of Z_p, for SecretInteger and SecretUnsignedInteger) and
 * `RandomBoolean` (a share of a uniform bit), each from its own fresh preprocessing element. Online in
 * the plan, as on the node, though neither sends anything.
 */
export const RANDOM_PROTOCOLS: Readonly<Record<string, OnlineProtocol>> = {
  RandomInteger: {
    online: true,
    run: async (input) =>
      scalarShare(scalarResultType(input), readSingle("RANDOM_INTEGER", input.material ?? [])),
  },
  RandomBoolean: {
    online: true,
    run: async (input) =>
      scalarShare(scalarResultType(input), readSingle("RANDOM_BOOLEAN", input.material ?? [])),
  },
};
