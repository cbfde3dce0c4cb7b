// A secret divided by public divisors: an input (which may be zero at run time) and a negative literal.
import { Party, PublicInteger, program, SecretInteger } from "@nillion/nada/dsl";

export default program(() => {
  const p = new Party("P");
  const a = p.input("a", SecretInteger);
  const d = p.input("d", PublicInteger);
  return [
    p.output("quotient", a.div(d)),
    p.output("remainder", a.mod(d)),
    p.output("quotient_neg3", a.div(-3)),
  ];
});
