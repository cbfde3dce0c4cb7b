// Random secrets that cancel out: the outputs equal the input whatever is drawn.
import { Integer, Party, program, SecretBoolean, SecretInteger } from "@nillion/nada/dsl";

export default program(() => {
  const p = new Party("P");
  const a = p.input("a", SecretInteger);
  const r = SecretInteger.random();
  const bit = SecretBoolean.random();
  const masked = a.add(r).sub(r);
  const aAgain = bit.ifElse(new Integer(1), new Integer(0)).mul(new Integer(0)).add(a);
  return [p.output("masked", masked), p.output("a_again", aAgain)];
});
