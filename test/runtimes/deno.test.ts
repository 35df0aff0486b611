/**
 * The conformance scenario on the packed package in Deno (the `deno` npm
 * package), with only the permissions it needs: the network to the endpoint,
 * reading the app's folder, and the environment variables listed in
 * conformance.ts (DENO_ENV).
 */
import { conformanceTest } from "./conformance.js";

describe("conformance on the packed package: Deno", () => {
  conformanceTest("deno");
});
