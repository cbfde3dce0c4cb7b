// Size budget entry: masking and unmasking values with @nillion/crypto alone.
import { SecretMasker } from "@nillion/crypto";

export function roundTrip(parties: Uint8Array[], values: Parameters<SecretMasker["mask"]>[0]) {
  const masker = new SecretMasker({ prime: "SAFE_64_BITS", degree: 1, parties });
  return masker.unmask(masker.mask(values));
}
