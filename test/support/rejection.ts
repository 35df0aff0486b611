/**
 * The error a promise rejects with, for tests that look at it; fails the
 * test when the promise fulfils instead, and, given a class, when the error
 * is not one.
 */
import { expect } from "chai";

export async function rejectionOf<T>(promise: Promise<unknown>, expected: abstract new (...args: never[]) => T): Promise<T>;
export async function rejectionOf(promise: Promise<unknown>): Promise<any>;
export async function rejectionOf(promise: Promise<unknown>, expected?: abstract new (...args: never[]) => unknown): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    if (expected) expect(err).to.be.instanceOf(expected);
    return err;
  }
  throw new Error("expected the call to fail");
}
