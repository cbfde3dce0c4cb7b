import { PreprocessingElement } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { connect } from "./connect.js";

describe("poolStatus", () => {
  it("asks the leader alone, with a paid receipt", async () => {
    const { cluster, client } = await connect();
    const status = await client.poolStatus().invoke();
    expect(status).toEqual({
      offsets: [
        { element: PreprocessingElement.COMPARE, start: 0n, end: 1000n },
        { element: PreprocessingElement.RANDOM_INTEGER, start: 5n, end: 1_000_000n },
      ],
      preprocessingActive: true,
      auxiliaryMaterialAvailable: false,
    });
    expect(cluster.callsOf("PoolStatus").map((call) => call.node)).toEqual([cluster.leader.endpoint]);
    expect(cluster.callsOf("PriceQuote")).toHaveLength(1);
  });

  it("runs with a receipt obtained beforehand", async () => {
    const { client } = await connect();
    const { receipt } = await (await client.poolStatus().quote()).pay();
    expect((await client.invokePoolStatus(receipt)).offsets).toHaveLength(2);
  });
});
