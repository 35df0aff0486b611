/**
 * What a client takes from the platform in the portable build (browsers,
 * workers, React Native): its default transport, fetch, and the platform part
 * of its user agent. The Node build's twin is `platform.ts`.
 */
import { FetchTransport } from "./fetch-transport.js";
import type { DefaultTransportSettings } from "./platform.js";
import type { Transport } from "./types.js";

export type { DefaultTransportSettings } from "./platform.js";

/** The global `fetch`; the runtime pools connections itself, so the settings have nothing to tune. */
export function createDefaultTransport(_settings: DefaultTransportSettings): Transport {
  return new FetchTransport();
}

/** ` lang/js`: the runtime's part of `user-agent` (browsers do not let a page set the header anyway). */
export function platformUserAgent(): string {
  return " lang/js";
}
