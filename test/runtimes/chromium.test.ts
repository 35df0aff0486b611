/**
 * The conformance scenario on the packed package in headless Chromium:
 * bundled for the browser by esbuild, talking to dynalite through a CORS
 * proxy.
 */
import { conformanceTest } from "./conformance.js";

describe("conformance on the packed package: Chromium", () => {
  conformanceTest("chromium");
});
