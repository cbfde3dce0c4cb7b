// PartySharing: the cluster parameters it accepts, and that dealing and recombining are Shamir sharing.
import { type PrimeName, SecretMasker } from "@nillion/crypto";
import { InvalidArgumentError } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { PartySharing } from "../src/party-sharing.js";
import { CLUSTERS, clusterName, partyIds } from "./run-program.js";

describe("PartySharing", () => {
  it.each([
    [
      { parties: 3, degree: 0, party: 0 },
      "degree",
      "the polynomial degree must be a whole number of at least 1, got 0",
    ],
    [{ parties: 4, degree: 2, party: 0 }, "parties", "degree 2 needs at least 5 parties (n ≥ 2T + 1), got 4"],
    [{ parties: 3, degree: 1, party: 3 }, "party", "party must be an index in 0…2, got 3"],
    [{ parties: 3, degree: 1, party: -1 }, "party", "party must be an index in 0…2, got -1"],
    [{ parties: 3, degree: 1.5, party: 0 }, "degree", "at least 1, got 1.5"],
  ])("refuses %o", (parameters, argument, message) => {
    const build = () => new PartySharing({ prime: "SAFE_64_BITS", ...parameters });
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
    try {
      build();
    } catch (error) {
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
  });

  it.each(CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const))(
    "%s: deals degree-T sharings that the masker reconstructs, and recombines n points at zero",
    (_, { prime, parties, degree }) => {
      const sharing = new PartySharing({ prime, parties, degree, party: 0 });
      const secrets = [0n, 1n, sharing.field.modulus - 1n, 123456789n];
      const dealt = sharing.deal(secrets);
      expect(dealt).toHaveLength(parties);
      const ids = partyIds(parties);
      const masker = new SecretMasker({ prime: prime as PrimeName, degree, parties: ids });
      // The masker checks that surplus shares lie on one degree-T polynomial.
      const unmasked = masker.unmask(
        masker.parties.map((party, j) => ({
          party: party.id,
          values: secrets.map((_, k) => ({
            name: `s${k}`,
            value: {
              value: {
                case: "shamirShareUnsignedInteger",
                value: { value: sharing.field.encode(dealt[j]?.[k] as bigint) },
              },
            },
          })),
        })),
      );
      expect(secrets.map((_, k) => unmasked[`s${k}`]?.value)).toEqual(secrets);
      for (const [k, secret] of secrets.entries()) {
        expect(sharing.recombine(dealt.map((shares) => shares[k] as bigint))).toBe(secret);
      }
      // Fresh randomness: the same secret dealt twice gets different shares.
      expect(sharing.deal([5n])).not.toEqual(sharing.deal([5n]));
    },
  );
});
