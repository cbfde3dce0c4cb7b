// Arithmetic on secrets, a public input and a literal: one party gives everything and gets both results.
import { Party, PublicInteger, program, SecretInteger } from "@nillion/nada/dsl";

export default program(() => {
  const dealer = new Party("Dealer");
  const a = dealer.input("a", SecretInteger);
  const b = dealer.input("b", SecretInteger);
  const c = dealer.input("c", PublicInteger);
  const prod = a.mul(b).add(c).sub(a);
  const total = a.add(b).add(10);
  return [dealer.output("prod", prod), dealer.output("total", total)];
});
