/** The conformance scenario on the packed package in Bun (the `bun` npm package). */
import { conformanceTest } from "./conformance.js";

describe("conformance on the packed package: Bun", () => {
  conformanceTest("bun");
});
