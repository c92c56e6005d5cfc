// The LissnasError a promise rejects with, for tests that match its message; anything else fails the test.
import assert from "node:assert/strict";
import { LissnasError } from "../../src/errors.js";

export async function rejection(promise: Promise<unknown>): Promise<LissnasError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LissnasError, `expected a LissnasError; got ${(error as Error)?.stack ?? error}`);
    return error;
  }
  assert.fail("expected a rejection");
}
