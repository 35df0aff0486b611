/**
 * Types for undici's `Agent` and connector modules, which the transport
 * imports directly instead of the package entry (see `undici-transport.ts`).
 * undici ships types for its entry only; the modules export the same values.
 */
declare module "undici/lib/dispatcher/agent.js" {
  import type { Agent } from "undici";
  const AgentClass: typeof Agent;
  type AgentClass = Agent;
  export default AgentClass;
}

declare module "undici/lib/core/connect.js" {
  import type { buildConnector } from "undici";
  const build: typeof buildConnector;
  export default build;
}
