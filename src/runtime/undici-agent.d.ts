/**
 * Types for undici's `Agent` module, which the transport imports directly
 * instead of the package entry (see `undici-transport.ts`). undici ships
 * types for its entry only; the module's export is the same class.
 */
declare module "undici/lib/dispatcher/agent.js" {
  import type { Agent } from "undici";
  const AgentClass: typeof Agent;
  type AgentClass = Agent;
  export default AgentClass;
}
