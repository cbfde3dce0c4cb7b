import { useClient } from "@nillion/devnet-test/vitest";
import { SecretInteger } from "@nillion/types";
import { expect, test } from "vitest";

test("stores and retrieves a secret", async () => {
  const client = await useClient();
  const id = await client.storeValues({ age: new SecretInteger(42n) }, { ttlDays: 1 }).invoke();
  expect(await client.retrieveValues(id).invoke()).toEqual({ age: new SecretInteger(42n) });
});

test("each test gets its own user", async () => {
  const [alice, bob] = await Promise.all([useClient(), useClient()]);
  expect(alice.userId.toString()).not.toBe(bob.userId.toString());
});
