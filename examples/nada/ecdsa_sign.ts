// Threshold ECDSA: one party's key signs another party's digest; a third gets the signature and public key.
import { EcdsaDigestMessage, EcdsaPrivateKey, Party, program } from "@nillion/nada/dsl";

export default program(() => {
  const keyParty = new Party("KeyParty");
  const msgParty = new Party("MsgParty");
  const outParty = new Party("OutParty");
  const key = keyParty.input("key", EcdsaPrivateKey);
  const digest = msgParty.input("digest", EcdsaDigestMessage);
  return [
    outParty.output("signature", key.ecdsaSign(digest)),
    outParty.output("public_key", key.publicKey()),
  ];
});
