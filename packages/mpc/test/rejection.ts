// The error a promise rejects with, for tests that inspect it beyond its message.
export async function rejection<E extends Error>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error("expected the promise to reject, but it resolved");
}
