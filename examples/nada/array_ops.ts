// Arrays: a map with a function that reads another input, a fold, and an inner product with public weights.
import { NadaArray, Party, PublicInteger, program, SecretInteger } from "@nillion/nada/dsl";

export default program(() => {
  const p = new Party("P");
  const xs = p.input("xs", NadaArray.type(SecretInteger, 5));
  const ws = p.input("ws", NadaArray.type(PublicInteger, 5));
  const offset = p.input("offset", SecretInteger);

  const addOffset = (v: SecretInteger) => v.add(offset);
  const add = (acc: SecretInteger, v: SecretInteger) => acc.add(v);

  const shifted = xs.map(addOffset);
  const total = xs.reduce(add, offset);
  const dot = xs.innerProduct(ws);
  return [p.output("shifted", shifted), p.output("total", total), p.output("dot", dot)];
});
