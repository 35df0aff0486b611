/**
 * The scenario as a script, for the runtimes that run one from the command
 * line (Node, Bun, Deno): `<runtime> cli.mjs <endpoint>`. Prints one line,
 * `CONFORMANCE {json}`, with the scenario's result; a failure to load the
 * package is reported the same way, as a failed first step.
 */
const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const [endpoint] = args;

/** The runtime's name and version, as it tells them. */
function runtime() {
  if (globalThis.Deno) return { name: "deno", version: globalThis.Deno.version.deno };
  if (globalThis.Bun) return { name: "bun", version: globalThis.Bun.version };
  return { name: "node", version: process.version };
}

let result;
try {
  const { runScenario } = await import("./scenario.mjs");
  result = await runScenario({ endpoint, credentials: { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" } });
} catch (err) {
  result = { ok: false, steps: [{ name: "import dynaport", ok: false, error: { name: String(err?.name), message: String(err?.message ?? err), stack: String(err?.stack ?? "") } }] };
}
console.log(`CONFORMANCE ${JSON.stringify({ runtime: runtime(), ...result })}`);
