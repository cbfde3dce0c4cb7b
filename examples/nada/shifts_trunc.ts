// Shifts of a secret by literal amounts, and probabilistic truncation.
import { Party, program, SecretInteger, UnsignedInteger } from "@nillion/nada/dsl";

export default program(() => {
  const p = new Party("P");
  const a = p.input("a", SecretInteger);
  return [
    p.output("shr2", a.shr(new UnsignedInteger(2))),
    p.output("shl4", a.shl(new UnsignedInteger(4))),
    p.output("truncpr3", a.truncPr(new UnsignedInteger(3))),
  ];
});
