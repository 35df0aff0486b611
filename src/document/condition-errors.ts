/**
 * The service's condition and transaction errors, re-thrown by the document
 * client with the items they carry as plain values.
 *
 * They extend the generated classes, so `instanceof
 * ConditionalCheckFailedException` and `err.name` checks written for the
 * generated client keep working; the typed `item` stays as the service sent it.
 */
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from "../generated/dynamodb/errors.js";
import type { JsonObject, JsonValue } from "../runtime/types.js";
import { describeConflict } from "./errors.js";
import type { DocumentItem } from "./types.js";

/**
 * A write's condition failed. With `returnValuesOnConditionCheckFailure:
 * "ALL_OLD"`, `currentItem` is the item as stored now, as plain values
 * (absent when no item exists).
 */
export class DocumentConditionalCheckFailedException extends ConditionalCheckFailedException {
  /** The stored item as plain values, when the request asked for ALL_OLD and an item exists. */
  readonly currentItem: DocumentItem | undefined;

  constructor(original: ConditionalCheckFailedException, currentItem: DocumentItem | undefined) {
    super(ownMembers(original), { message: original.message, fault: original.$fault, $metadata: original.$metadata });
    copyOwnFields(this, original);
    this.currentItem = currentItem;
  }
}

/**
 * A transaction was cancelled. `cancellationItems[i]` is the plain item of
 * `cancellationReasons[i]`, when the service returned one (a failed condition
 * with `returnValuesOnConditionCheckFailure: "ALL_OLD"`).
 */
export class DocumentTransactionCanceledException extends TransactionCanceledException {
  /** Plain items, in the order of the transaction's actions; `undefined` where none came back. */
  readonly cancellationItems: (DocumentItem | undefined)[];

  constructor(original: TransactionCanceledException, cancellationItems: (DocumentItem | undefined)[]) {
    super(ownMembers(original), { message: original.message, fault: original.$fault, $metadata: original.$metadata });
    copyOwnFields(this, original);
    this.cancellationItems = cancellationItems;
  }
}

/** One action of a cancelled transaction whose version check failed. */
export interface TransactionVersionConflict {
  /** The action's position in `transactItems`. */
  readonly index: number;
  /** The action's table. */
  readonly tableName: string;
  /** The version attribute's name. */
  readonly versionAttribute: string;
  /** The version the action expected to find; `undefined` for a create. */
  readonly expectedVersion: unknown;
  /** The version stored now; `undefined` when there is no item or no version. */
  readonly actualVersion: unknown;
  /** The item as stored now, as plain values, if one exists. */
  readonly item: DocumentItem | undefined;
}

/**
 * A transaction was cancelled because the version check of one or more of
 * its versioned actions failed: another writer got there first. `conflicts`
 * names each such action by its index in `transactItems`, with the item
 * stored now (read with `ReturnValuesOnConditionCheckFailure: ALL_OLD`, so no
 * second read is needed). Actions that failed for other reasons (their own
 * conditions, a conflicting transaction) are in `cancellationReasons` as usual.
 *
 * Its `code` is `VERSION_CONFLICT`, like `VersionConflictError`'s, so one
 * check catches a lost race from a single write or from a transaction.
 *
 * DynamoDB reports every failed condition of a transaction; a service or
 * emulator that reports fewer leaves the others out of `conflicts` too.
 */
export class TransactionVersionConflictError extends DocumentTransactionCanceledException {
  readonly code = "VERSION_CONFLICT";
  /** The actions whose version check failed, in the order of `transactItems`; never empty. */
  readonly conflicts: readonly TransactionVersionConflict[];

  constructor(original: TransactionCanceledException, cancellationItems: (DocumentItem | undefined)[], conflicts: TransactionVersionConflict[]) {
    super(original, cancellationItems);
    this.conflicts = conflicts;
    const each = conflicts.map((c) => `transactItems[${c.index}] (table "${c.tableName}") ${describeConflict(c.versionAttribute, c.expectedVersion, c.item)}`);
    this.message =
      `Transaction cancelled by a version conflict: ${each.join("; ")}; ` +
      "read the items again (error.conflicts holds the current ones), reapply the changes and retry";
  }
}

/**
 * The original's own fields as an error document. The client's raw sends
 * (`sendOperation`, which the document client uses) throw errors carrying
 * their modeled members in wire form (`Item`, `CancellationReasons`); given
 * to the generated constructor, those become the typed members (`item`,
 * `cancellationReasons`) that the document layer's errors keep.
 */
function ownMembers(original: Error): JsonObject {
  const body: JsonObject = {};
  for (const name of Object.keys(original)) {
    if (name !== "name" && name !== "$fault" && name !== "$metadata") {
      Object.defineProperty(body, name, { value: (original as unknown as Record<string, JsonValue>)[name], enumerable: true, writable: true, configurable: true });
    }
  }
  return body;
}

// Carries over the modeled fields the original parsed (item, cancellationReasons)
// and the original stack, which points at the call site that failed. Fields
// the constructor already built from wire members (`ownMembers`) are not
// copied: the original's wire `Item` stays on the original (the `cause`).
function copyOwnFields(target: Error, original: Error): void {
  const built = Object.keys(target).some((name) => name !== "name" && name !== "$fault" && name !== "$metadata");
  for (const name of built ? [] : Object.keys(original)) {
    if (name !== "name" && name !== "message") Object.defineProperty(target, name, { value: (original as unknown as Record<string, unknown>)[name], enumerable: true, writable: true, configurable: true });
  }
  target.stack = original.stack;
  Object.defineProperty(target, "cause", { value: original, enumerable: false, writable: true, configurable: true });
}
