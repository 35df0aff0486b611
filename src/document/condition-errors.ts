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
    super({}, { message: original.message, fault: original.$fault, $metadata: original.$metadata });
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
    super({}, { message: original.message, fault: original.$fault, $metadata: original.$metadata });
    copyOwnFields(this, original);
    this.cancellationItems = cancellationItems;
  }
}

// Carries over the modeled fields the original parsed (item, cancellationReasons)
// and the original stack, which points at the call site that failed.
function copyOwnFields(target: Error, original: Error): void {
  for (const name of Object.keys(original)) {
    if (name !== "name" && name !== "message") Object.defineProperty(target, name, { value: (original as unknown as Record<string, unknown>)[name], enumerable: true, writable: true, configurable: true });
  }
  target.stack = original.stack;
  Object.defineProperty(target, "cause", { value: original, enumerable: false, writable: true, configurable: true });
}
