/**
 * The scenario in a web page: `?endpoint=<url>` names the endpoint (a CORS
 * proxy in front of dynalite). The result is left in
 * `globalThis.__conformance` (a promise) for the test to read.
 */
import { describeError, runScenario } from "./scenario.mjs";

const endpoint = new URLSearchParams(location.search).get("endpoint");
globalThis.__conformance = runScenario({ endpoint, credentials: { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" } })
  .catch((err) => ({ ok: false, steps: [{ name: "runScenario", ok: false, error: describeError(err) }] }))
  .then((result) => ({ runtime: { name: "chromium", version: navigator.userAgent }, ...result }));
