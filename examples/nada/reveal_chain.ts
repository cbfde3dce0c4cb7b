// A secret product revealed, then computed on in public.
import { Party, PublicInteger, program, SecretInteger } from "@nillion/nada/dsl";

export default program(() => {
  const p = new Party("P");
  const a = p.input("a", SecretInteger);
  const b = p.input("b", SecretInteger);
  const c = p.input("c", PublicInteger);
  const opened = a.mul(b).toPublic();
  return [p.output("result", opened.mul(3).add(c)), p.output("opened", opened)];
});
