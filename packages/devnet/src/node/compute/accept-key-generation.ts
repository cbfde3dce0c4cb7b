// The built-in key generations (`builtin/tecdsa_dkg`, `builtin/teddsa_dkg`, node-mpc.md §7.2): the
// checks a node makes on the request, and the job that generates its key share, stores it as the owner's
// values and keeps the store id and public key for the output users.
import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { WireNamedValue } from "@nillion/crypto";
import { generateKeyShare } from "@nillion/mpc";
import type { InvokeComputeRequest } from "@nillion/proto/nillion/compute/v1/invoke";
import { PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
import { NamedValueSchema } from "@nillion/proto/nillion/values/v1/value";
import type { NodeStore } from "../../storage/node-store.js";
import { valuesExpiry } from "../services/values-expiry.js";
import type { KeyGenerationProgram } from "./builtin-programs.js";
import type { ComputeJob } from "./compute-job.js";
import { successResult } from "./compute-results.js";

/** How long a generated key is kept: ten years, as the reference's key generation stores it. */
const KEY_TTL_DAYS = 3650;

/**
 * What {@link acceptKeyGeneration} needs.
 *
 * @example
 * ```ts
 * const options: AcceptKeyGenerationOptions = { request, program, id, idBytes, store, now: () => new Date() };
 * ```
 */
export interface AcceptKeyGenerationOptions {
  readonly request: InvokeComputeRequest;
  readonly program: KeyGenerationProgram;
  /** The compute id, as a UUID string and as its 16 bytes: the key's values id and its store id. */
  readonly id: string;
  readonly idBytes: Uint8Array;
  readonly store: NodeStore;
  readonly now: () => Date;
}

/**
 * Checks a key generation's output bindings as the reference does (inputs and values are ignored) and
 * returns its job. The job runs `generateKeyShare`, then stores this node's share as values with id = the
 * compute id, one value named `tecdsa_private_key` (`teddsa_…`), owned by the first user of the first
 * output binding (the reference takes an arbitrary bound user), who alone may retrieve, update and
 * delete it and compute with it on the matching signing program, for ten years; and only then the result:
 * `tecdsa_store_id` (the compute id) for the users bound to the store-id party, `tecdsa_public_key` for
 * those bound to the public-key party.
 *
 * @throws {ConnectError} INVALID_ARGUMENT "invalid output party name binding for DKG protocol execution:
 * X" for a party other than the two, "required parties not bound: [a, b]" when one is missing, and when no
 * user is bound at all (the key would have no owner)
 */
export function acceptKeyGeneration(options: AcceptKeyGenerationOptions): ComputeJob {
  const { request, program, id, idBytes, store } = options;
  const outputUsers = new Map<string, Uint8Array[]>();
  for (const binding of request.outputBindings) {
    if (binding.partyName !== program.storeIdParty && binding.partyName !== program.publicKeyParty) {
      throw new ConnectError(
        `invalid output party name binding for DKG protocol execution: ${binding.partyName}`,
        Code.InvalidArgument,
      );
    }
    // checkComputeRequest has made sure every user is set and 20 bytes long.
    const users = binding.users.map((user) => user.contents);
    outputUsers.set(binding.partyName, [...(outputUsers.get(binding.partyName) ?? []), ...users]);
  }
  const missing = [program.storeIdParty, program.publicKeyParty].filter((party) => !outputUsers.has(party));
  if (missing.length > 0) {
    throw new ConnectError(
      `required parties not bound: [${missing.sort().join(", ")}]`,
      Code.InvalidArgument,
    );
  }
  const owner = [...outputUsers.values()].flat()[0];
  if (owner === undefined) {
    throw new ConnectError(
      "no user is bound to the output parties: the key would have no owner",
      Code.InvalidArgument,
    );
  }
  const keyCase = program.curve === "secp256k1" ? "ecdsaPrivateKeyShare" : "eddsaPrivateKeyShare";
  const publicKeyCase = program.curve === "secp256k1" ? "ecdsaPublicKey" : "eddsaPublicKey";
  return {
    computeType: program.computeType,
    async run({ channel, parties, party, degree, prime }) {
      const { keyShare, publicKey, traffic } = await generateKeyShare({
        curve: program.curve,
        prime,
        parties,
        degree,
        party,
        channel,
      });
      const key = { name: program.keyName, value: { value: { case: keyCase, value: keyShare } } } as const;
      const user = { contents: owner };
      const created = await store.createValues({
        id,
        valuesBytes: [
          toBinary(
            NamedValueSchema,
            create(NamedValueSchema, key as MessageInitShape<typeof NamedValueSchema>),
          ),
        ],
        permissionsBytes: toBinary(
          PermissionsSchema,
          create(PermissionsSchema, {
            owner: user,
            retrieve: [user],
            update: [user],
            delete: [user],
            compute: [{ user, programIds: [program.signProgramId] }],
          }),
        ),
        expiresAt: valuesExpiry(KEY_TTL_DAYS, options.now()),
        prime,
      });
      if (!created) throw new Error(`values ${id} already exist, so the key cannot be stored`);
      const outputs = new Map<string, WireNamedValue[]>([
        [
          program.storeIdParty,
          [
            {
              name: program.storeIdOutput,
              value: { value: { case: "storeId", value: { storeId: idBytes } } },
            },
          ],
        ],
        [
          program.publicKeyParty,
          [
            {
              name: program.publicKeyOutput,
              value: { value: { case: publicKeyCase, value: { publicKey } } },
            },
          ],
        ],
      ]);
      return {
        result: successResult(outputs, outputUsers),
        summary: `key generated in ${traffic.rounds} round, ${traffic.bytes} bytes sent`,
      };
    },
  };
}
