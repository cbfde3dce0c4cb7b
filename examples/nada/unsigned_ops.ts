// Unsigned arithmetic: secrets, a public input and literals.
import { Party, PublicUnsignedInteger, program, SecretUnsignedInteger } from "@nillion/nada/dsl";

export default program(() => {
  const p = new Party("P");
  const a = p.input("a", SecretUnsignedInteger);
  const b = p.input("b", SecretUnsignedInteger);
  const k = p.input("k", PublicUnsignedInteger);
  const out1 = a.mul(b).add(k);
  const out2 = a.shl(3);
  const out3 = a.add(b).mul(2);
  return [p.output("ab_plus_k", out1), p.output("a_shl_3", out2), p.output("double_sum", out3)];
});
