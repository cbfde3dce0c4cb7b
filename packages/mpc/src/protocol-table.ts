// The protocols this engine implements, by VM protocol name: the arithmetic tier (node-mpc.md §9.3 A).
import type { ProtocolImplementation } from "./protocol-implementation.js";
import { CONDITIONAL_PROTOCOLS } from "./protocols/conditional-protocols.js";
import { LINEAR_PROTOCOLS } from "./protocols/linear-protocols.js";
import { MULTIPLICATION_PROTOCOLS } from "./protocols/multiplication-protocols.js";
import { PUBLIC_INTEGER_PROTOCOLS } from "./protocols/public-integer-protocols.js";
import { REVEAL_PROTOCOL } from "./protocols/reveal-protocol.js";

/** Every implemented protocol; a plan step whose protocol is missing here is not supported yet. */
export const PROTOCOLS: ReadonlyMap<string, ProtocolImplementation> = new Map<string, ProtocolImplementation>(
  [
    ...Object.entries(LINEAR_PROTOCOLS),
    ...Object.entries(PUBLIC_INTEGER_PROTOCOLS),
    ...Object.entries(MULTIPLICATION_PROTOCOLS),
    ...Object.entries(CONDITIONAL_PROTOCOLS),
    ["Reveal", REVEAL_PROTOCOL],
  ],
);
