// Products. With a public factor they are local; two shares multiply into a point of a degree-2T
// polynomial, which one resharing round (GRR degree reduction) brings back to degree T.
import type { LocalProtocol, OnlineProtocol, StepInput } from "../protocol-implementation.js";
import { onlyElement } from "../round-scheduler.js";
import { type ScalarShare, scalarShare } from "../share-values.js";
import { stepError } from "../step-error.js";
import { scalarArrayOperand, scalarOperand, scalarResultType } from "../step-operands.js";

// Σ aᵢ·bᵢ with a single reduction: the sum of n products of residues stays small for bigint.
function localInnerProduct(input: StepInput, modulus: bigint): bigint {
  const left = scalarArrayOperand(input, 0);
  const right = scalarArrayOperand(input, 1);
  if (left.length !== right.length) {
    throw stepError(input.step, `inner product of arrays of sizes ${left.length} and ${right.length}`);
  }
  let sum = 0n;
  for (const [i, element] of left.entries()) sum += element.element * (right[i] as ScalarShare).element;
  return sum % modulus;
}

const localInnerProductProtocol: LocalProtocol = {
  online: false,
  run: (input, field) => scalarShare(scalarResultType(input), localInnerProduct(input, field.modulus)),
};

/**
 * `×` of two shares and inner products in every public/secret mix. For two secret arrays every party
 * sums its local products first, so the whole inner product costs one resharing, like one product.
 */
export const MULTIPLICATION_PROTOCOLS: Readonly<Record<string, LocalProtocol | OnlineProtocol>> = {
  MultiplicationShares: {
    online: true,
    run: async (input, round) => {
      const { field } = round.sharing;
      const product = field.mul(scalarOperand(input, 0).element, scalarOperand(input, 1).element);
      const share = onlyElement(await round.reshare([product]));
      return scalarShare(scalarResultType(input), share);
    },
  },
  InnerProductPublic: localInnerProductProtocol,
  InnerProductSharePublic: localInnerProductProtocol,
  InnerProductShares: {
    online: true,
    run: async (input, round) => {
      const sum = localInnerProduct(input, round.sharing.field.modulus);
      return scalarShare(scalarResultType(input), onlyElement(await round.reshare([sum])));
    },
  },
};
