import { UNIL_PER_NIL } from "./params.js";

/**
 * One of the ten payment keys `nillion-devnet` funds at genesis.
 *
 * @example
 * ```ts
 * import { DEVNET_KEYS } from "@nillion/devnet";
 *
 * const { privateKey, address } = DEVNET_KEYS[0]; // NILLION_NILCHAIN_PRIVATE_KEY_0 and its address
 * ```
 */
export interface DevnetKey {
  /** 32-byte secp256k1 secret as 64 lowercase hex digits (the `NILLION_NILCHAIN_PRIVATE_KEY_<i>` value). */
  readonly privateKey: string;
  /** Its bech32 `nillion1…` account address. */
  readonly address: string;
}

/**
 * The ten keys every devnet funds with 1,000,000 NIL each. Key *i* is `from_seed("nillion-devnet-key-<i>")`
 * of the Rust nilchain client (BIP32 `m/44'/118'/0'/0/0` under SHA-256 of the seed); the official client's
 * tests hard-code the same hex, so a suite written for `nillion-devnet` finds its money here.
 *
 * @example
 * ```ts
 * import { DEVNET_KEYS } from "@nillion/devnet";
 *
 * DEVNET_KEYS.map((key) => key.address); // ["nillion14x7fd38t8wvh2ypy2fph270wkv8g754tjcny5j", …]
 * ```
 */
export const DEVNET_KEYS: readonly DevnetKey[] = Object.freeze(
  [
    [
      "9a975f567428d054f2bf3092812e6c42f901ce07d9711bc77ee2cd81101f42c5",
      "nillion14x7fd38t8wvh2ypy2fph270wkv8g754tjcny5j",
    ],
    [
      "1e491133b9408b39572a29f91644873decea554224b20e2b0b923aeb860a1c18",
      "nillion13pczfullcd5j77e9ph4mcs00hs2mrxw23p5k63",
    ],
    [
      "980488572f235316cdb330191f8bafe4e635efbe88b3a40f5bee9bd21047c059",
      "nillion1062rec65n830ds0srht8w6hhfycmew4es40pzc",
    ],
    [
      "612bb5173dc60d9e91404fcc0d1f1847fb4459a7d5160d63d84e91aacbf2ab2f",
      "nillion15xxlqtygnf8g0zuw6y3lvg7wlq9cw9qlfne3cl",
    ],
    [
      "04f5a984eeea9dce4e5e907da69c01a61568e3071b1a91cbed89225f9fd913b5",
      "nillion17afayrlf8fh0tvua2yqa2erzeqewr8lu37qke7",
    ],
    [
      "5f992c58921f4af83b4c6b650c4914626664cd02020577b0ada49cfa00d2c8a4",
      "nillion194m3d26cj0glzuqe8y89u2tenvjyxaw3sj6x00",
    ],
    [
      "8f0297d3bb647eb59b95b29550b2aebbedd9be2c954b000e772efe8c9318a42d",
      "nillion1av5epzdv2mcrul70z9zha4vratp922cryf3xex",
    ],
    [
      "c395243df9bb68dc809668efe4125f0eb017771ed8e3747b8d6860551913fecb",
      "nillion17p2dt8p5ear9nj8a7nxx7ge0zy3ddz0j7vfvds",
    ],
    [
      "4bb5eaa799e24ae2b48545c41331921afe7e6a8dd7a850f5fbeb20a8226664ec",
      "nillion14tr8hypn8w9yn8g940pf9nl7z6m9ru5p7mpw73",
    ],
    [
      "ef4b944d4fdb0077057925fe2dde365dfa2c83cf320463b14589feccd1b2b938",
      "nillion169h980rezm82cv4ex9j38upga88a6xyjtnu53h",
    ],
  ].map(([privateKey = "", address = ""]) => Object.freeze({ privateKey, address })),
);

/**
 * What genesis gives each devnet key: 1,000,000 NIL, in unil.
 *
 * @example
 * ```ts
 * import { DEVNET_KEY_BALANCE, DEVNET_KEYS } from "@nillion/devnet";
 *
 * chain.balance(DEVNET_KEYS[3].address) === DEVNET_KEY_BALANCE; // before key 3 has paid anything
 * ```
 */
export const DEVNET_KEY_BALANCE: bigint = 1_000_000n * UNIL_PER_NIL;
