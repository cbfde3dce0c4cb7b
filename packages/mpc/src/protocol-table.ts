// The protocols this engine implements, by VM protocol name: every operation of node-mpc.md §2.2.
import type { ProtocolImplementation } from "./protocol-implementation.js";
import { CONDITIONAL_PROTOCOLS } from "./protocols/conditional-protocols.js";
import { ECDSA_SIGN_PROTOCOL } from "./protocols/ecdsa-sign-protocol.js";
import { EDDSA_SIGN_PROTOCOL } from "./protocols/eddsa-sign-protocol.js";
import { EQUALITY_PROTOCOLS } from "./protocols/equality-protocols.js";
import { LESS_THAN_PROTOCOL } from "./protocols/less-than-protocol.js";
import { LINEAR_PROTOCOLS } from "./protocols/linear-protocols.js";
import { MULTIPLICATION_PROTOCOLS } from "./protocols/multiplication-protocols.js";
import { PUBLIC_DIVISOR_PROTOCOLS } from "./protocols/public-divisor-protocols.js";
import { PUBLIC_INTEGER_PROTOCOLS } from "./protocols/public-integer-protocols.js";
import { PUBLIC_KEY_PROTOCOL } from "./protocols/public-key-protocol.js";
import { RANDOM_PROTOCOLS } from "./protocols/random-protocols.js";
import { REVEAL_PROTOCOL } from "./protocols/reveal-protocol.js";
import { SECRET_DIVISOR_PROTOCOLS } from "./protocols/secret-divisor-protocols.js";
import { RIGHT_SHIFT_PROTOCOL, TRUNC_PR_PROTOCOL } from "./protocols/truncation-protocols.js";

/** Every protocol, by the name `selectProtocol` gives it. */
export const PROTOCOLS: ReadonlyMap<string, ProtocolImplementation> = new Map<string, ProtocolImplementation>(
  [
    ...Object.entries(LINEAR_PROTOCOLS),
    ...Object.entries(PUBLIC_INTEGER_PROTOCOLS),
    ...Object.entries(MULTIPLICATION_PROTOCOLS),
    ...Object.entries(CONDITIONAL_PROTOCOLS),
    ...Object.entries(PUBLIC_DIVISOR_PROTOCOLS),
    ...Object.entries(SECRET_DIVISOR_PROTOCOLS),
    ...Object.entries(EQUALITY_PROTOCOLS),
    ...Object.entries(RANDOM_PROTOCOLS),
    ["LessThanShares", LESS_THAN_PROTOCOL],
    ["RightShiftShares", RIGHT_SHIFT_PROTOCOL],
    ["TruncPr", TRUNC_PR_PROTOCOL],
    ["Reveal", REVEAL_PROTOCOL],
    ["PublicKeyDerive", PUBLIC_KEY_PROTOCOL],
    ["EcdsaSign", ECDSA_SIGN_PROTOCOL],
    ["EddsaSign", EDDSA_SIGN_PROTOCOL],
  ],
);
