/**
 * The conformance scenario on the packed package in Cloudflare's workerd:
 * bundled by wrangler as for `wrangler deploy`, run by miniflare, without
 * and with the `nodejs_compat` flag.
 */
import { conformanceTest } from "./conformance.js";

describe("conformance on the packed package: workerd", () => {
  conformanceTest("workerd");
  conformanceTest("workerd-nodejs_compat");
});
