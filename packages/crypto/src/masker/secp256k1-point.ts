// The secp256k1 group alone (SEC 2 §2.4.1 parameters), for masking key shares. `secp256k1` from
// @noble/curves is the ECDSA scheme around the same group, and bundling it for `.Point` also brings
// signing, DER and HMAC-DRBG: about 3.5 KB gzip that the masker never runs.
import { weierstrass } from "@noble/curves/abstract/weierstrass.js";

export const Secp256k1Point = /* @__PURE__ */ weierstrass({
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
  n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  h: 1n,
  a: 0n,
  b: 7n,
  Gx: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
  Gy: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n,
});
