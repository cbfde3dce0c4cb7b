// Comparisons of two parties' secrets: min and max by selection, and every comparison operator.
import { Party, program, SecretInteger } from "@nillion/nada/dsl";

export default program(() => {
  const p1 = new Party("P1");
  const p2 = new Party("P2");
  const a = p1.input("a", SecretInteger);
  const b = p2.input("b", SecretInteger);
  const lt = a.lt(b);
  const smaller = lt.ifElse(a, b);
  const larger = lt.ifElse(b, a);
  return [
    p1.output("min", smaller),
    p1.output("max", larger),
    p2.output("a_ge_b", a.ge(b)),
    p2.output("a_gt_b", a.gt(b)),
    p2.output("a_le_b", a.le(b)),
  ];
});
