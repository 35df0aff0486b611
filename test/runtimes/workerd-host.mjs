/**
 * Runs a bundled Worker in workerd through miniflare and requests it once:
 * `node workerd-host.mjs <miniflare module> <worker.js> <flags,comma,separated> <url>`.
 * Prints `CONFORMANCE {json}` with the Worker's answer; anything else (the
 * Worker does not start, it answers with an error) is an error on stderr and
 * a non-zero exit, with workerd's own output.
 *
 * A child process of its own, because miniflare reports some start-up
 * failures as unhandled rejections, which would end the test process.
 */
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";

const [miniflarePath, scriptPath, flags, url] = process.argv.slice(2);
const { Miniflare } = await import(pathToFileURL(miniflarePath).href);

let runtimeOutput = "";
const fail = (message) => {
  process.stderr.write(`${message}\n${runtimeOutput ? `workerd output:\n${runtimeOutput}` : ""}\n`);
  process.exit(1);
};
process.on("unhandledRejection", (err) => fail(`miniflare: ${err?.stack ?? err}`));

const mf = new Miniflare({
  modules: true,
  scriptPath,
  // Module names are paths relative to this folder; a ".." in one stops workerd.
  modulesRoot: dirname(scriptPath),
  compatibilityDate: "2025-09-01",
  compatibilityFlags: flags ? flags.split(",") : [],
  handleRuntimeStdio(stdout, stderr) {
    stdout.on("data", (chunk) => (runtimeOutput += chunk));
    stderr.on("data", (chunk) => (runtimeOutput += chunk));
  },
});
try {
  const res = await mf.dispatchFetch(url);
  const text = await res.text();
  if (res.status !== 200) fail(`the Worker answered ${res.status}: ${text.slice(0, 4000)}`);
  console.log(`CONFORMANCE ${text}`);
} catch (err) {
  fail(`miniflare: ${err?.stack ?? err}`);
} finally {
  await mf.dispose().catch(() => {});
}
