/**
 * DynamoDB's expression checks (`../expressions/check.ts`), run on the
 * expressions of a request document before anything is sent, with their
 * problems placed in the document: `request.condition.expression`,
 * `request.update.expressionValues.:x`, `request.transactItems[1].condition...`.
 *
 * Each group of blocks that one DynamoDB call shares placeholders across
 * (`update` and `condition`; `query`, `filter` and `projection`; one
 * transaction item) is put in the wire form this module sends, with the
 * same merge of placeholders, and checked as the client's validator would
 * check it. Only the document's own parts are checked: the expressions and
 * placeholders this module adds (versioning, key attributes of a batch
 * projection) are not the user's, and are never reported as theirs.
 */
import type { ValidationProblem } from "../runtime/errors.js";
import { checkExpressions, checkProjection } from "../expressions/check.js";
import { parseExpression, resolvePath } from "../expressions/parse.js";
import type { RequestProblem } from "./errors.js";
import { isObject } from "./typed-values.js";

/** The wire member a block's expression is sent as. */
type ExpressionMember = "ConditionExpression" | "UpdateExpression" | "KeyConditionExpression" | "FilterExpression" | "ProjectionExpression";

/** One `{ expression, expressionNames, expressionValues }` of a document, and where it goes on the wire. */
interface ExpressionBlock {
  /** The block's path in the document, e.g. `request.condition`. */
  path: string;
  /** The block as the document gives it (it may be malformed; the structural checks report that). */
  value: unknown;
  member: ExpressionMember;
}

const NAMES = "ExpressionAttributeNames";
const VALUES = "ExpressionAttributeValues";
/** Attributes a versioned data source writes itself. */
const VERSION_ATTRIBUTES = ["_version", "_lastChangedAt"];

/**
 * Pushes the expression problems of `request` (an object whose operation the
 * structural checks accepted) into `problems`, after the problems already
 * there; a problem at a path already reported, or inside one, is left out.
 */
export function checkDocumentExpressions(request: Record<string, unknown>, versioned: boolean, problems: RequestProblem[]): void {
  const known = problems.length;
  const add = (blocks: ExpressionBlock[]) => checkBlocks(blocks, problems, known);
  const at = (path: string, value: unknown, member: ExpressionMember): ExpressionBlock => ({ path, value, member });
  switch (request.operation) {
    case "GetItem":
      return add([at("request.projection", request.projection, "ProjectionExpression")]);
    case "PutItem":
    case "DeleteItem":
      return add([at("request.condition", request.condition, "ConditionExpression")]);
    case "UpdateItem": {
      const blocks = [at("request.update", request.update, "UpdateExpression"), at("request.condition", request.condition, "ConditionExpression")];
      add(blocks);
      if (versioned) checkVersionedUpdate(blocks, problems, known);
      return;
    }
    case "Query":
    case "Scan":
      return add([
        ...(request.operation === "Query" ? [at("request.query", request.query, "KeyConditionExpression")] : []),
        at("request.filter", request.filter, "FilterExpression"),
        at("request.projection", request.projection, "ProjectionExpression"),
      ]);
    case "BatchGetItem":
      if (isObject(request.tables)) {
        for (const [name, entry] of Object.entries(request.tables)) {
          if (!isObject(entry)) continue;
          add([at(`request.tables.${name}.projection`, entry.projection, "ProjectionExpression")]);
          checkKeyParts(entry, `request.tables.${name}.projection`, problems, known);
        }
      }
      return;
    case "TransactGetItems":
    case "TransactWriteItems":
      if (!Array.isArray(request.transactItems)) return;
      request.transactItems.forEach((item: unknown, i: number) => {
        if (!isObject(item)) return;
        const path = `request.transactItems[${i}]`;
        if (request.operation === "TransactGetItems") add([at(`${path}.projection`, item.projection, "ProjectionExpression")]);
        else {
          add([
            ...(item.operation === "UpdateItem" ? [at(`${path}.update`, item.update, "UpdateExpression")] : []),
            at(`${path}.condition`, item.condition, "ConditionExpression"),
          ]);
        }
      });
      return;
  }
}

/** The placeholder names of the blocks, merged as they are sent (a later block's entry wins). */
export function namesOf(...blocks: unknown[]): Record<string, string> {
  return Object.assign({}, ...blocks.map((b) => (isObject(b) && isObject(b.expressionNames) ? b.expressionNames : {})));
}

/** The placeholder values of the blocks, merged as they are sent. */
export function valuesOf(...blocks: unknown[]): Record<string, unknown> {
  return Object.assign({}, ...blocks.map((b) => (isObject(b) && isObject(b.expressionValues) ? b.expressionValues : {})));
}

/** The wire structure the blocks' own parts make: their expressions and merged placeholders (projections send no values). */
function wireOf(blocks: ExpressionBlock[]): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const block of blocks) {
    if (isObject(block.value) && typeof block.value.expression === "string") wire[block.member] = block.value.expression;
  }
  const names = namesOf(...blocks.map((b) => b.value));
  const values = valuesOf(...blocks.filter((b) => b.member !== "ProjectionExpression").map((b) => b.value));
  // As sent: an empty map is left out.
  if (Object.keys(names).length > 0) wire[NAMES] = names;
  if (Object.keys(values).length > 0) wire[VALUES] = values;
  return wire;
}

/** Checks one group of blocks that share placeholders and pushes the problems with the document's paths. */
function checkBlocks(blocks: ExpressionBlock[], problems: RequestProblem[], known: number): void {
  const present = blocks.filter((b) => isObject(b.value));
  if (present.length === 0) return;
  const wire = wireOf(present);
  const found: ValidationProblem[] = [];
  if (present.every((b) => b.member === "ProjectionExpression")) checkProjection(wire, found, true);
  else checkExpressions(wire, found, true);
  for (const problem of found) push(problems, known, documentPath(problem.path, present), documentTerms(problem.message));
}

function push(problems: RequestProblem[], known: number, path: string, message: string): void {
  for (let i = 0; i < known; i++) {
    const seen = problems[i]!.path;
    if (seen === path || seen.startsWith(`${path}.`) || seen.startsWith(`${path}[`)) return;
  }
  problems.push({ path, message });
}

/**
 * A wire path of the check (`ConditionExpression`,
 * `ExpressionAttributeValues[":x"]`, `ExpressionAttributeNames`) as a path
 * of the document: the block whose expression it is, or the block that
 * defines the placeholder (the one whose entry is sent, when two do).
 */
function documentPath(wirePath: string, blocks: ExpressionBlock[]): string {
  const owner = blocks.find((b) => b.member === wirePath);
  if (owner) return `${owner.path}.expression`;
  const entry = /^(ExpressionAttributeNames|ExpressionAttributeValues)(?:\[("(?:[^"\\]|\\.)*")\])?$/.exec(wirePath);
  if (entry) {
    const field = entry[1] === NAMES ? "expressionNames" : "expressionValues";
    const holders = blocks.filter((b) => isObject(b.value) && isObject(b.value[field]));
    if (entry[2] === undefined) return `${(holders[0] ?? blocks[0]!).path}.${field}`;
    const key = JSON.parse(entry[2]) as string;
    const definer = holders.filter((b) => Object.hasOwn((b.value as Record<string, Record<string, unknown>>)[field]!, key)).at(-1);
    return `${(definer ?? holders[0] ?? blocks[0]!).path}.${field}.${key}`;
  }
  return `${blocks[0]!.path}.${wirePath}`;
}

/** A check's message in the document's terms: `expressionNames` for `ExpressionAttributeNames`, ... */
function documentTerms(message: string): string {
  return message.replaceAll(NAMES, "expressionNames").replaceAll(VALUES, "expressionValues");
}

/**
 * On a versioned data source, this module adds `_version` and
 * `_lastChangedAt` to an update; an update that writes them itself would
 * overlap its paths, which DynamoDB refuses.
 */
function checkVersionedUpdate(blocks: ExpressionBlock[], problems: RequestProblem[], known: number): void {
  const [update] = blocks;
  if (!isObject(update!.value) || typeof update!.value.expression !== "string") return;
  const parsed = parseExpression("update", update!.value.expression);
  if (!parsed.ok) return;
  const names = namesOf(...blocks.map((b) => b.value));
  for (const path of parsed.expression.paths) {
    const name = resolvePath(path, names)?.[0];
    if (typeof name === "string" && VERSION_ATTRIBUTES.includes(name)) {
      push(problems, known, `${update!.path}.expression`, `writes ${name} (offset ${path.position}), which a versioned data source maintains; leave it out`);
    }
  }
}

/**
 * A BatchGetItem projection gets the key attributes added, to match items to
 * keys; a projected path inside a key attribute (`id.part`) would overlap
 * the added `id`, which DynamoDB refuses. Key attributes are strings,
 * numbers or binaries, so such a path never projects anything.
 */
function checkKeyParts(entry: Record<string, unknown>, path: string, problems: RequestProblem[], known: number): void {
  const projection = entry.projection;
  if (!isObject(projection) || typeof projection.expression !== "string" || !Array.isArray(entry.keys)) return;
  const keyNames = new Set(entry.keys.filter(isObject).flatMap((key) => Object.keys(key)));
  const parsed = parseExpression("projection", projection.expression);
  if (!parsed.ok) return;
  const names = namesOf(projection);
  for (const p of parsed.expression.paths) {
    const name = resolvePath(p, names)?.[0];
    if (p.elements.length > 1 && typeof name === "string" && keyNames.has(name)) {
      push(problems, known, `${path}.expression`, `projects a part of the key attribute ${name} (offset ${p.position}), which holds a string, number or binary; project ${name} itself`);
    }
  }
}
