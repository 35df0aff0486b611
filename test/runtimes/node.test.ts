/** The conformance scenario on the packed package in Node 20 (this process's), 22 and 24. */
import { conformanceTest } from "./conformance.js";

describe("conformance on the packed package: Node", () => {
  conformanceTest("node20");
  conformanceTest("node22");
  conformanceTest("node24");
});
