// Opening a secret: the program's explicit `reveal` (to_public()).
import type { OnlineProtocol } from "../protocol-implementation.js";
import { onlyElement } from "../round-scheduler.js";
import { scalarShare } from "../share-values.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";

/** `Reveal`: every party sends its share to every other and all interpolate the value (one round). */
export const REVEAL_PROTOCOL: OnlineProtocol = {
  online: true,
  run: async (input, round) => {
    const value = onlyElement(await round.open([scalarOperand(input, 0).element]));
    return scalarShare(scalarResultType(input), value);
  },
};
