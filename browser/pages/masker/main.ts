// @nillion/crypto alone: mask values into shares for three parties and unmask them again.
import { PrivateKey, SecretMasker } from "@nillion/crypto";
import { Integer, SecretBlob, SecretInteger, SecretUnsignedInteger } from "@nillion/types";

declare global {
  interface Window {
    outcome?: unknown;
  }
}

try {
  const parties = [PrivateKey.generate(), PrivateKey.generate(), PrivateKey.generate()].map(
    (k) => k.userId.bytes,
  );
  const masker = new SecretMasker({ prime: "SAFE_256_BITS", degree: 1, parties });
  const shares = masker.mask({
    a: new SecretInteger(-42n),
    b: new SecretUnsignedInteger(7n),
    blob: new SecretBlob(new TextEncoder().encode("hello")),
    p: new Integer(3n),
  });
  const back = masker.unmask(shares);
  window.outcome = {
    ok: {
      parties: shares.length,
      a: String(back["a"]?.value),
      b: String(back["b"]?.value),
      blob: new TextDecoder().decode(back["blob"]?.value as Uint8Array),
      p: String(back["p"]?.value),
    },
  };
} catch (error) {
  window.outcome = { error: String(error) };
}
