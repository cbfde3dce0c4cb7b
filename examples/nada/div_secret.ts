// A secret divided by a secret: quotient and remainder.
import { Party, program, SecretInteger } from "@nillion/nada/dsl";

export default program(() => {
  const p = new Party("P");
  const a = p.input("a", SecretInteger);
  const b = p.input("b", SecretInteger);
  return [p.output("quotient", a.div(b)), p.output("remainder", a.mod(b))];
});
