// Three parties each give a secret; two of them get results.
import { Party, program, SecretInteger } from "@nillion/nada/dsl";

export default program(() => {
  const alice = new Party("Alice");
  const bob = new Party("Bob");
  const carol = new Party("Carol");
  const x = alice.input("x", SecretInteger);
  const y = bob.input("y", SecretInteger);
  const w = carol.input("w", SecretInteger);
  const weighted = x.add(y).mul(w);
  return [carol.output("weighted", weighted), alice.output("xy", x.mul(y))];
});
