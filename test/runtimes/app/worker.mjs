/**
 * The scenario as a Cloudflare Worker: `GET /?endpoint=<url>` runs it against
 * that endpoint and answers with its result as JSON.
 */
import { describeError, runScenario } from "./scenario.mjs";

export default {
  /** @param {Request} request */
  async fetch(request) {
    const endpoint = new URL(request.url).searchParams.get("endpoint");
    if (!endpoint) return new Response("missing ?endpoint=", { status: 400 });
    let result;
    try {
      result = await runScenario({ endpoint, credentials: { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" } });
    } catch (err) {
      result = { ok: false, steps: [{ name: "runScenario", ok: false, error: describeError(err) }] };
    }
    return Response.json({ runtime: { name: "workerd", version: navigator.userAgent }, ...result });
  },
};
