// Cluster shapes other than the default: more nodes, a higher degree and each smaller prime, end to end.
import { Code } from "@connectrpc/connect";
import { SecretMasker } from "@nillion/crypto";
import { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { InvalidArgumentError, SecretInteger, SecretUnsignedInteger } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { Devnet } from "../src/index.js";
import { at, failure, sharesFor, startTestDevnet, TestUser } from "./cluster-helpers.js";

describe.each([
  { primeBits: 64, prime: Prime.SAFE_64_BITS, name: "SAFE_64_BITS", width: 8, nodeCount: 5, degree: 2 },
  { primeBits: 128, prime: Prime.SAFE_128_BITS, name: "SAFE_128_BITS", width: 16, nodeCount: 4, degree: 1 },
] as const)(
  "$nodeCount nodes, degree $degree, $name",
  ({ primeBits, prime, name, width, nodeCount, degree }) => {
    it("reports its shape and stores and returns shares of the prime's width", async () => {
      const devnet = await startTestDevnet({ primeBits, nodeCount, polynomialDegree: degree });
      try {
        const user = new TestUser(devnet, { seed: `shape ${name}`, walletIndex: 4 });
        const cluster = await at(user.nodes, 0).membership.cluster({});
        expect([cluster.members.length, cluster.prime, cluster.polynomialDegree]).toEqual([
          nodeCount,
          prime,
          degree,
        ]);
        const masker = new SecretMasker({
          prime: name,
          degree,
          parties: devnet.layout.nodes.map((n) => n.nodeId),
        });
        const values = { a: new SecretInteger(-9n), b: new SecretUnsignedInteger(12n) };
        const shares = masker.mask(values);
        const receipt = await user.receipt({
          operation: { case: "storeValues", value: { secretSharedCount: 2n, ttlDays: 1 } },
        });
        const owner = { contents: user.userId };
        const ids = await Promise.all(
          user.nodes.map((node, index) =>
            node.values.storeValues({
              values: sharesFor(shares, at(devnet.layout.nodes, index).nodeId),
              permissions: { owner, retrieve: [owner], update: [owner], delete: [owner] },
              signedReceipt: receipt,
            }),
          ),
        );
        const valuesId = at(ids, 0).valuesId;
        const read = await user.receipt({ operation: { case: "retrieveValues", value: { valuesId } } });
        const back = await Promise.all(
          user.nodes.map(async (node, index) => ({
            party: at(devnet.layout.nodes, index).nodeId,
            values: (await node.values.retrieveValues({ signedReceipt: read })).values,
          })),
        );
        expect(masker.unmask(back)).toEqual(values);
        const wide = await user.receipt({
          operation: { case: "storeValues", value: { secretSharedCount: 1n, ttlDays: 1 } },
        });
        const [code, message] = await failure(
          at(user.nodes, 0).values.storeValues({
            values: [
              {
                name: "x",
                value: {
                  value: { case: "shamirShareInteger", value: { value: new Uint8Array(width + 1).fill(1) } },
                },
              },
            ],
            permissions: { owner },
            signedReceipt: wide,
          }),
        );
        expect(code).toBe(Code.InvalidArgument);
        expect(message).toMatch(/^invalid values: /);
      } finally {
        await devnet.stop();
      }
    });
  },
);

it("refuses a degree the node count cannot carry, naming the option", async () => {
  await expect(Devnet.start({ portBase: 0, nodeCount: 4, polynomialDegree: 2 })).rejects.toThrow(
    InvalidArgumentError,
  );
  await expect(Devnet.start({ portBase: 0, nodeCount: 4, polynomialDegree: 2 })).rejects.toThrow(
    '"polynomialDegree" must be an integer from 1 to 1 for 4 nodes',
  );
});
