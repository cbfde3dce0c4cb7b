// Logic on secret booleans, and with a public one.
import { Party, PublicBoolean, program, SecretBoolean } from "@nillion/nada/dsl";

export default program(() => {
  const p = new Party("P");
  const x = p.input("x", SecretBoolean);
  const y = p.input("y", SecretBoolean);
  const z = p.input("z", PublicBoolean);
  return [
    p.output("and", x.and(y)),
    p.output("or", x.or(y)),
    p.output("xor", x.xor(y)),
    p.output("not_x", x.not()),
    p.output("and_public", x.and(z)),
  ];
});
