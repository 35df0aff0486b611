/** Validation shared by the operations: expressions and their placeholders. */
import type { RequestProblem } from "./errors.js";
import { checkTypedMap, describe, isObject } from "./typed-values.js";

/**
 * Checks one `{ expression, expressionNames, expressionValues }`. `names` and
 * `values` collect the placeholders of the expressions sent in one call, so
 * that one placeholder standing for two things is found.
 */
export function checkExpression(value: unknown, path: string, problems: RequestProblem[], names: Record<string, string>, withValues: boolean, values: Record<string, string> = {}): void {
  if (!isObject(value)) {
    problems.push({ path, message: `expected { expression, expressionNames, expressionValues }, got ${describe(value)}` });
    return;
  }
  if (typeof value.expression !== "string" || value.expression.trim() === "") {
    problems.push({ path: `${path}.expression`, message: `expected a non-empty expression, got ${describe(value.expression)}` });
  }
  if (value.expressionNames !== undefined) {
    if (!isObject(value.expressionNames)) problems.push({ path: `${path}.expressionNames`, message: `expected an object of "#placeholder" to names, got ${describe(value.expressionNames)}` });
    else {
      for (const [placeholder, name] of Object.entries(value.expressionNames)) {
        const at = `${path}.expressionNames.${placeholder}`;
        if (!placeholder.startsWith("#")) problems.push({ path: at, message: "a name placeholder starts with #" });
        if (typeof name !== "string" || name === "") problems.push({ path: at, message: `expected an attribute name, got ${describe(name)}` });
        else if (names[placeholder] !== undefined && names[placeholder] !== name) {
          problems.push({ path: at, message: `stands for ${JSON.stringify(names[placeholder])} elsewhere in the request; one placeholder names one attribute` });
        } else names[placeholder] = name;
      }
    }
  }
  if (value.expressionValues !== undefined) {
    if (!withValues) problems.push({ path: `${path}.expressionValues`, message: "not a field here" });
    else {
      checkTypedMap(value.expressionValues, `${path}.expressionValues`, problems);
      if (isObject(value.expressionValues)) {
        for (const placeholder of Object.keys(value.expressionValues)) {
          const at = `${path}.expressionValues.${placeholder}`;
          if (!placeholder.startsWith(":")) problems.push({ path: at, message: "a value placeholder starts with :" });
          const text = JSON.stringify(value.expressionValues[placeholder]);
          if (values[placeholder] !== undefined && values[placeholder] !== text) {
            problems.push({ path: at, message: "stands for another value elsewhere in the request; one placeholder names one value" });
          } else values[placeholder] = text;
        }
      }
    }
  }
}

