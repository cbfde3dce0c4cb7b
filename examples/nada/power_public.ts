// Powers of public values (the node cannot raise secrets), one of them scaling a secret.
import { Party, PublicInteger, program, SecretInteger } from "@nillion/nada/dsl";

export default program(() => {
  const p = new Party("P");
  const base = p.input("base", PublicInteger);
  const exp = p.input("exp", PublicInteger);
  const s = p.input("s", SecretInteger);
  return [p.output("pow", base.pow(exp)), p.output("scaled", s.mul(base.pow(exp)))];
});
