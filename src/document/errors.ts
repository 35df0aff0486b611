/**
 * Errors raised by the plain-value layer itself (the service's own errors are
 * the generated client's exception classes, passed through unchanged).
 */
import type { ResponseMetadata } from "../runtime/types.js";
import type { DocumentItem } from "./types.js";

/**
 * A value cannot be converted between plain JavaScript and DynamoDB's form.
 * `path` says where, e.g. `item.tags[2]`, and the message says what to do.
 */
export class MarshallError extends Error {
  override readonly name = "MarshallError";
  /** Stable identifier of the problem, e.g. `UNDEFINED_VALUE`, `CYCLE`. */
  readonly code: string;
  /** Where in the value the problem is, from the root the caller passed. */
  readonly path: string;

  constructor(code: string, path: string, problem: string) {
    super(path === "" ? problem : `${path}: ${problem}`);
    this.code = code;
    this.path = path;
  }
}

/**
 * A versioned write found a different version stored than the caller read
 * (or found an item where it meant to create one). `item` is the item as it is
 * stored now, as plain values, taken from the failed write itself with
 * `ReturnValuesOnConditionCheckFailure: ALL_OLD` (or, from a service that
 * leaves it out, read with one consistent GetItem); it is absent when there is
 * no item (an update or delete of an item someone else deleted), and when
 * `itemUnknown` says it could not be learnt.
 */
export class VersionConflictError extends Error {
  override readonly name = "VersionConflictError";
  readonly code = "VERSION_CONFLICT";
  /** The version attribute's name. */
  readonly versionAttribute: string;
  /** The version the caller expected to find; `undefined` for a create. */
  readonly expectedVersion: unknown;
  /** The version stored now; `undefined` when there is no item or no version. */
  readonly actualVersion: unknown;
  /** The current item as plain values, if one exists. */
  readonly item: DocumentItem | undefined;
  /** True when the service did not return the stored item and reading it failed, so `item` says nothing. */
  readonly itemUnknown: boolean;
  /** Metadata of the failed request. */
  readonly $metadata: ResponseMetadata | undefined;
  /** The service's `ConditionalCheckFailedException`. */
  override readonly cause: unknown;

  constructor(init: {
    versionAttribute: string;
    expectedVersion: unknown;
    item: DocumentItem | undefined;
    itemUnknown?: boolean;
    $metadata: ResponseMetadata | undefined;
    cause: unknown;
  }) {
    super(
      `Version conflict ${describeConflict(init.versionAttribute, init.expectedVersion, init.item, init.itemUnknown === true)}; ` +
        "read the item again (error.item holds the current one), reapply the change and retry",
    );
    this.versionAttribute = init.versionAttribute;
    this.expectedVersion = init.expectedVersion;
    this.actualVersion = init.item?.[init.versionAttribute];
    this.item = init.item;
    this.itemUnknown = init.itemUnknown === true;
    this.$metadata = init.$metadata;
    this.cause = init.cause;
  }
}

/** `on "version": expected version 3 but found version 4`, for conflict messages. */
export function describeConflict(versionAttribute: string, expectedVersion: unknown, item: DocumentItem | undefined, itemUnknown = false): string {
  const actual = item?.[versionAttribute];
  const expected = expectedVersion === undefined ? "no item (a create)" : `version ${String(expectedVersion)}`;
  if (itemUnknown) {
    return `on "${versionAttribute}": expected ${expected}, but the stored item differs; the service did not return it and reading it failed`;
  }
  const found = item === undefined ? "no item" : actual === undefined ? "an item without a version" : `version ${String(actual)}`;
  return `on "${versionAttribute}": expected ${expected} but found ${found}`;
}
