/// <reference path="./runtime/undici-agent.d.ts" />
/**
 * `dynaport/undici`: the undici transport with undici imported statically,
 * for an app that wants undici inside its bundle (a long-running server
 * bundled with its dependencies). Pass it as the client's `transport`:
 *
 * ```ts
 * import { DynamoDB } from "dynaport";
 * import { UndiciTransport } from "dynaport/undici";
 * const db = new DynamoDB({ transport: new UndiciTransport({ maxConnections: 64 }) });
 * ```
 *
 * The main entry never imports undici where a bundler can see it: its
 * default transport loads undici at run time, from node_modules, when a
 * client gets busy, and stays on node:http where undici is not there.
 */
import Agent from "undici/lib/dispatcher/agent.js";
import buildConnector from "undici/lib/core/connect.js";
import { UndiciTransportBase, type UndiciModules, type UndiciTransportOptions } from "./runtime/undici-transport.js";

export type { UndiciTransportOptions } from "./runtime/undici-transport.js";

const UNDICI: UndiciModules = { Agent, buildConnector };

/** Sends requests over undici's connection pools with keep-alive (see the runtime's `UndiciTransport`), undici bundled. */
export class UndiciTransport extends UndiciTransportBase {
  constructor(options: UndiciTransportOptions = {}) {
    super(options, UNDICI);
  }
}
