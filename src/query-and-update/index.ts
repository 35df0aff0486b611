/**
 * Claim work exactly once: query for candidates, then conditionally update
 * each one. See docs/query-and-update.md.
 */
export { queryAndUpdate, QueryAndUpdateError, AmbiguousUpdateError, DEFAULT_CONCURRENCY } from "./query-and-update.js";
export type { QueryAndUpdateOptions, QueryAndUpdateOutput, QueryAndUpdateFailure } from "./query-and-update.js";
export { normalizeConfig, InvalidConfigError, DEFAULT_LIMIT } from "./config.js";
export type { QueryAndUpdateConfig, QueryAndUpdateInput, QueryConfig, UpdateConfig, NormalizedConfig, ConfigProblem } from "./config.js";
export { forgetKeySchema } from "./key-schema.js";
export type { DynamoDBClientLike, RawDynamoDBClient } from "./client.js";
