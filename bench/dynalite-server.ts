/**
 * dynalite in its own process, for the claims benchmark:
 * `node bench/.out/dynalite-server.js` prints `listening <port>` and stops when
 * stdin closes. In its own process so that dynalite's CPU is not spent on the
 * event loop of the client being measured.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
// dynalite ships no types; its default export creates an HTTP server.
// @ts-expect-error -- untyped CommonJS module
import dynalite from "dynalite";

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, "127.0.0.1");
await once(server, "listening");
process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
