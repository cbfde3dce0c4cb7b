// if_else in its four variants. A public condition picks a branch; a secret condition c computes
// y + c·(x − y), which is local when both branches are public and one resharing otherwise.
import type { LocalProtocol, OnlineProtocol } from "../protocol-implementation.js";
import { onlyElement } from "../round-scheduler.js";
import { scalarShare } from "../share-values.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";

/**
 * `IfElsePublicCond` (pick a branch: a public branch chosen for a secret result is a degree-0 sharing
 * of itself), `IfElsePublicBranches` (local) and `IfElse` (one resharing of c·(x − y)).
 */
export const CONDITIONAL_PROTOCOLS: Readonly<Record<string, LocalProtocol | OnlineProtocol>> = {
  IfElsePublicCond: {
    online: false,
    run: (input) => {
      const chosen = scalarOperand(input, 0).element !== 0n ? 1 : 2;
      return scalarShare(scalarResultType(input), scalarOperand(input, chosen).element);
    },
  },
  IfElsePublicBranches: {
    online: false,
    run: (input, field) => {
      const condition = scalarOperand(input, 0).element;
      const whenFalse = scalarOperand(input, 2).element;
      const difference = field.sub(scalarOperand(input, 1).element, whenFalse);
      return scalarShare(scalarResultType(input), field.add(whenFalse, field.mul(condition, difference)));
    },
  },
  IfElse: {
    online: true,
    run: async (input, round) => {
      const { field } = round.sharing;
      const condition = scalarOperand(input, 0).element;
      const whenFalse = scalarOperand(input, 2).element;
      const difference = field.sub(scalarOperand(input, 1).element, whenFalse);
      const scaled = onlyElement(await round.reshare([field.mul(condition, difference)]));
      return scalarShare(scalarResultType(input), field.add(whenFalse, scaled));
    },
  },
};
