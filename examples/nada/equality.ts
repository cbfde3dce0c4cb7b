// Equality of secrets, kept secret or revealed.
import { Party, program, SecretInteger } from "@nillion/nada/dsl";

export default program(() => {
  const p = new Party("P");
  const a = p.input("a", SecretInteger);
  const b = p.input("b", SecretInteger);
  return [p.output("eq", a.eq(b)), p.output("neq", a.ne(b)), p.output("public_eq", a.publicEquals(b))];
});
