/**
 * `dynaport/expressions`: DynamoDB expressions written for you, and read for
 * you.
 *
 * - The builder (`expression<Item>()`, `buildExpressions`) composes
 *   conditions, filters, key conditions, updates and projections from
 *   attribute paths and plain values; `forTyped`, `forSend`, `forDocument`,
 *   `forDocumentSend` and `forQueryAndUpdate` render one build for each way
 *   of calling.
 * - The parser (`parseExpression`) reads any expression string as DynamoDB
 *   does; the clients already run the same checks on every request before
 *   sending it (the `checkExpressions` client option turns them off).
 */
export {
  expression,
  buildExpressions,
  EXPRESSION_PARTS,
  type ExpressionBuilder,
  type ExpressionSpec,
  type ExpressionPart,
  type Expressions,
  type BuiltExpressions,
  type Condition,
  type KeyCondition,
  type UpdateAction,
  type Projection,
  type Operand,
  type Placeholders,
  type AttributeTypeName,
  type Path,
  type StringPath,
  type TuplePath,
  type ValueAt,
} from "./builder.js";
export {
  forTyped,
  forSend,
  forDocument,
  forDocumentSend,
  forQueryAndUpdate,
  type TypedExpressions,
  type SendExpressions,
  type DocumentExpressions,
  type DocumentSendExpressions,
  type QueryAndUpdateExpressions,
} from "./builder-targets.js";
export { parseExpression, type ExpressionKind, type ParseResult, type ParsedExpression } from "./parse.js";
export { isReservedWord } from "./reserved-words.js";
