/**
 * What a client takes from the platform in the Node build (Node, Bun, Deno):
 * its default transport and the platform part of its user agent. The
 * portable build's twin is `platform.portable.ts`; `scripts/build.mjs` swaps
 * every `X.portable.ts` in for its `X.ts` there.
 */
import { DefaultTransport } from "./default-transport.js";
import type { Transport } from "./types.js";

/** What the default transport is built from: the client's settings. */
export interface DefaultTransportSettings {
  maxConnections: number;
  connectTimeout: number;
}

/** node:http for a short-lived process, undici once busy (see `DefaultTransport`). */
export function createDefaultTransport(settings: DefaultTransportSettings): Transport {
  return new DefaultTransport(settings);
}

/** ` lang/js md/nodejs#20.18.1`: the runtime's part of `user-agent`. */
export function platformUserAgent(): string {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  return node ? ` lang/js md/nodejs#${node}` : " lang/js";
}
