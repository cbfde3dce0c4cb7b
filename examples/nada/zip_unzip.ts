// Arrays paired element by element, multiplied pairwise, and split back.
import { NadaArray, type NadaTuple, Party, program, SecretInteger } from "@nillion/nada/dsl";

export default program(() => {
  const p = new Party("P");
  const xs = p.input("xs", NadaArray.type(SecretInteger, 3));
  const ys = p.input("ys", NadaArray.type(SecretInteger, 3));

  const mulPair = (t: NadaTuple<SecretInteger, SecretInteger>) => t.left.mul(t.right);

  const pairs = xs.zip(ys);
  const products = pairs.map(mulPair);
  const back = pairs.unzip();
  return [p.output("products", products), p.output("unzipped", back)];
});
