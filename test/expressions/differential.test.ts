/**
 * "Never stricter than the service": the client's expression checks against
 * dynalite, which reproduces DynamoDB's validation.
 *
 * Two sets of requests: `corpus/guide.json`, written from the Developer
 * Guide's pages on condition, update, key condition and projection
 * expressions, reserved words and limits, valid and invalid, each with the
 * verdict the guide leads one to expect; and thousands generated from the
 * grammar by `generate.ts` (valid ones and mutations of them). For every
 * request, dynalite's verdict (its request validation called in process, as
 * its server does) is the truth:
 *
 * - every request dynalite accepts must pass `checkExpressions` (zero false
 *   rejections; a failure prints the request and the client's message);
 * - at least 95% of those it rejects must be caught, with a problem whose
 *   path names the member at fault; the figures are printed;
 * - the typed form (camelCase members, typed attribute values) gets the same
 *   verdict as the wire form;
 * - the same holds through the whole generated wire validator of the
 *   operation (`validateWire_UpdateItemInput` ..., what raw `send` runs), on
 *   the whole request, and with the checks turned off it rejects none;
 * - a sample sent to the real dynalite server, against a real table, gets the
 *   answer the in-process oracle gave.
 *
 * Where dynalite and the Developer Guide disagree, the service (as dynalite
 * reproduces it) wins, and `DIVERGENCES` below says so case by case. Where
 * dynalite is known to be more lenient than the service (limits it does not
 * model), the corpus marks the case `"service": "rejects"`, and the client may
 * reject it: those are listed in `SERVICE_LIMITS`.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { checkExpressions, checkProjection } from "../../src/expressions/check.js";
import * as generatedValidators from "../../src/generated/dynamodb/validate.js";
import { ParamValidationError, type ValidationProblem } from "../../src/runtime/errors.js";
import { assertValid, type Validator } from "../../src/runtime/validate.js";
import { startDynalite, untilActive, type DynaliteServer } from "../support/dynalite.js";
import { generateCases } from "./generate.js";
import {
  EVALUATION_MESSAGES,
  TABLE,
  callServer,
  completeRequest,
  dynaliteVerdict,
  type CorpusOperation,
  type WireRequest,
} from "./oracle.js";

/** One request of the corpus, as `corpus/guide.json` holds them. */
interface CorpusCase {
  operation: CorpusOperation;
  request: WireRequest;
  note: string;
  /** The verdict the Developer Guide leads one to expect (dynalite's, where they differ: see DIVERGENCES). */
  valid: boolean;
  /** `"rejects"`: DynamoDB rejects it for a limit dynalite does not model. */
  service?: "rejects";
}

/**
 * Guide cases where dynalite's verdict is not the one a reader of the guide
 * would expect; the corpus records dynalite's, and this says why.
 */
const DIVERGENCES: Record<string, string> = {
  // The guide's grammar reads `NOT condition` recursively, so `NOT NOT x = :v`
  // parses; dynalite (and the service, as far as dynalite reproduces it) wants
  // a parenthesis after the second NOT. Recorded as invalid.
  "NOT NOT without parentheses: the guide's grammar allows it, dynalite asks for a parenthesis after the second NOT":
    "dynalite rejects what the guide's grammar allows",
  // The guide lists only S, N and B as key types, but dynalite's key condition
  // validation allows EQ with a set; the table's key schema rejects it later,
  // after validation. Recorded as valid: the client cannot know the schema.
  "a string set key value: dynalite accepts EQ on a set here; the table's key type decides later":
    "dynalite accepts what the guide suggests is wrong",
  // The guide shows if_not_exists(path, value); dynalite accepts a function
  // (list_append) as the fallback operand. Recorded as valid.
  "list_append inside if_not_exists: dynalite accepts a function as the fallback":
    "dynalite accepts a nesting the guide does not show",
};

/**
 * Where DynamoDB is stricter than dynalite, mostly limits from the Developer
 * Guide that dynalite does not model: the corpus marks these
 * `"service": "rejects"`. The client may reject
 * them (the service would), so they are not false rejections; they count as
 * invalid for the catch rate.
 */
const SERVICE_LIMITS = [
  // IN takes at most 100 operands.
  "IN with 101 operands",
  // An expression string is at most 4 KB.
  "over the 4 KB expression limit",
  // A placeholder (`#name`, `:value`) is at most 255 bytes.
  "over the 255-byte limit",
  // Attributes nest at most 32 levels deep.
  "over the 32 levels",
  // An UpdateExpression holds at most 300 operators or functions.
  "over the 300 of the Developer Guide",
  // Not a limit but an order: DynamoDB compares strings as UTF-8 bytes, so a
  // character above U+FFFF sorts after U+FFFF; dynalite compares JavaScript
  // strings (UTF-16 code units), where it sorts before, and lets BETWEEN
  // bounds that are out of order for the service through.
  "out of UTF-8 byte order",
];

const SEED = 15;
const GENERATED = 5000;
/** How many requests of each set go to the real server as well. */
const SERVER_SAMPLE = { guide: Infinity, generated: 300 };

const MEMBERS = [
  "KeyConditionExpression",
  "ConditionExpression",
  "FilterExpression",
  "UpdateExpression",
  "ProjectionExpression",
  "ExpressionAttributeNames",
  "ExpressionAttributeValues",
];

interface Verdicts {
  oracle: string | undefined;
  problems: ValidationProblem[];
  typed: ValidationProblem[];
}

/** What the client says of one wire request, through the check its operation's validator calls. */
function clientProblems(operation: CorpusOperation, request: object, wire: boolean): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (operation === "GetItem") checkProjection(request, problems, wire);
  else checkExpressions(request, problems, wire);
  return problems;
}

/** The typed form of a wire attribute value: `{ S: "x" }` → `{ s: "x" }`, blobs as bytes. */
function typedValue(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = k.toLowerCase();
    if (k === "B" && typeof v === "string") out[key] = new Uint8Array(Buffer.from(v, "base64"));
    else if (k === "BS" && Array.isArray(v)) out[key] = v.map((b) => new Uint8Array(Buffer.from(String(b), "base64")));
    else if (k === "L" && Array.isArray(v)) out[key] = v.map(typedValue);
    else if (k === "M" && v !== null && typeof v === "object") out[key] = mapValues(v as Record<string, unknown>, typedValue);
    else out[key] = v;
  }
  return out;
}

function mapValues(map: Record<string, unknown>, f: (v: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) out[k] = f(v);
  return out;
}

/** The typed form of a request: camelCase members, typed values. */
function typedRequest(request: WireRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) {
    const key = k[0]!.toLowerCase() + k.slice(1);
    out[key] = k === "ExpressionAttributeValues" && v !== null && typeof v === "object" ? mapValues(v as Record<string, unknown>, typedValue) : v;
  }
  return out;
}

function judge(operation: CorpusOperation, request: WireRequest): Verdicts {
  return {
    oracle: dynaliteVerdict(operation, completeRequest(operation, request)),
    problems: clientProblems(operation, request, true),
    typed: clientProblems(operation, typedRequest(request), false),
  };
}

function show(request: WireRequest): string {
  const text = JSON.stringify(request);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

function describeProblems(problems: readonly ValidationProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join("; ");
}

function isServiceLimit(c: { note: string; service?: string }): boolean {
  return c.service === "rejects" && SERVICE_LIMITS.some((s) => c.note.includes(s));
}

interface Tally {
  valid: number;
  invalid: number;
  caught: number;
  namingMember: number;
  falseRejections: string[];
  missed: string[];
}

function tally(cases: readonly { operation: CorpusOperation; request: WireRequest; note: string; service?: string }[], verdicts: readonly Verdicts[]): Tally {
  const t: Tally = { valid: 0, invalid: 0, caught: 0, namingMember: 0, falseRejections: [], missed: [] };
  cases.forEach((c, i) => {
    const v = verdicts[i]!;
    const invalid = v.oracle !== undefined || isServiceLimit(c);
    if (!invalid) {
      t.valid++;
      if (v.problems.length > 0) {
        t.falseRejections.push(`${c.operation} (${c.note}) ${show(c.request)}\n      client: ${describeProblems(v.problems)}`);
      }
      return;
    }
    t.invalid++;
    if (v.problems.length > 0) {
      t.caught++;
      if (v.problems.every((p) => MEMBERS.some((m) => p.path === m || p.path.startsWith(`${m}[`) || p.path.startsWith(`${m}.`)))) t.namingMember++;
    } else {
      t.missed.push(`${c.operation} (${c.note}) ${show(c.request)}\n      dynalite: ${v.oracle ?? "(service limit)"}`);
    }
  });
  return t;
}

function report(label: string, t: Tally): void {
  const share = (n: number, d: number) => (d === 0 ? "–" : `${((100 * n) / d).toFixed(1)}%`);
  console.log(
    `      ${label}: ${t.valid + t.invalid} requests, ${t.valid} valid (${t.falseRejections.length} rejected by the client), ` +
      `${t.invalid} invalid, caught ${t.caught} = ${share(t.caught, t.invalid)}, naming the member ${share(t.namingMember, t.caught)}`,
  );
  if (t.missed.length > 0) console.log(`      ${label}, missed (first 10):\n      ${t.missed.slice(0, 10).join("\n      ")}`);
}

describe("expression checks against dynalite: never stricter than the service", function () {
  this.timeout(60_000);

  const guide = JSON.parse(readFileSync(new URL("./corpus/guide.json", import.meta.url), "utf8")) as CorpusCase[];
  const generated = generateCases(SEED, GENERATED);
  let guideVerdicts: Verdicts[];
  let generatedVerdicts: Verdicts[];

  before(() => {
    guideVerdicts = guide.map((c) => judge(c.operation, c.request));
    generatedVerdicts = generated.map((c) => judge(c.operation, c.request));
  });

  describe(`the Developer Guide corpus (${guide.length} requests)`, () => {
    it("has the verdicts the guide leads one to expect, as dynalite gives them (divergences noted)", () => {
      const wrong: string[] = [];
      guide.forEach((c, i) => {
        const accepted = guideVerdicts[i]!.oracle === undefined;
        if (isServiceLimit(c)) {
          // dynalite accepts what the service rejects; the corpus says so.
          if (!accepted) wrong.push(`${c.note}: dynalite now rejects it (${guideVerdicts[i]!.oracle}); drop the service mark`);
          return;
        }
        if (accepted !== c.valid) wrong.push(`${c.note}: labelled ${c.valid ? "valid" : "invalid"}, dynalite says ${guideVerdicts[i]!.oracle ?? "valid"}`);
      });
      assert.deepEqual(wrong, []);
      for (const note of Object.keys(DIVERGENCES)) assert.ok(guide.some((c) => c.note === note), `DIVERGENCES names a case the corpus lacks: ${note}`);
      assert.ok(guide.length >= 300, "a few hundred requests");
      assert.ok(guide.some((c) => c.valid) && guide.some((c) => !c.valid));
    });

    it("passes every request dynalite accepts", () => {
      const t = tally(guide, guideVerdicts);
      assert.ok(t.valid > 100);
      assert.deepEqual(t.falseRejections, [], `false rejections:\n${t.falseRejections.join("\n")}`);
    });

    it("catches at least 95% of the requests dynalite rejects, naming the member", () => {
      const t = tally(guide, guideVerdicts);
      report("guide corpus", t);
      assert.ok(t.caught / t.invalid >= 0.95, `caught ${t.caught} of ${t.invalid}`);
      assert.ok(t.namingMember / t.caught >= 0.95, `${t.namingMember} of ${t.caught} name the member`);
    });
  });

  describe(`${GENERATED} requests generated from the grammar (seed ${SEED})`, () => {
    it("are a mix of valid and invalid requests, by dynalite's verdict", () => {
      const valid = generatedVerdicts.filter((v) => v.oracle === undefined).length;
      assert.equal(generated.length, GENERATED);
      assert.ok(valid > GENERATED * 0.2 && valid < GENERATED * 0.8, `${valid} valid`);
      // Deterministic by seed.
      assert.deepEqual(generateCases(SEED, 50), generated.slice(0, 50));
      assert.notDeepEqual(generateCases(SEED + 1, 50), generated.slice(0, 50));
    });

    it("passes every request dynalite accepts", () => {
      const t = tally(generated, generatedVerdicts);
      assert.deepEqual(t.falseRejections.slice(0, 20), [], `${t.falseRejections.length} false rejections, the first:\n${t.falseRejections.slice(0, 20).join("\n")}`);
    });

    it("catches at least 95% of the requests dynalite rejects, naming the member", () => {
      const t = tally(generated, generatedVerdicts);
      report("generated", t);
      const byMutation = new Map<string, [number, number]>();
      generated.forEach((c, i) => {
        const v = generatedVerdicts[i]!;
        if (v.oracle === undefined) return;
        const kind = c.note.split(":")[0]!;
        const entry = byMutation.get(kind) ?? [0, 0];
        entry[0] += v.problems.length > 0 ? 1 : 0;
        entry[1]++;
        byMutation.set(kind, entry);
      });
      const weak = [...byMutation].filter(([, [c, n]]) => c < n).map(([k, [c, n]]) => `${k} ${c}/${n}`);
      if (weak.length > 0) console.log(`      mutations not always caught: ${weak.join(", ")}`);
      assert.ok(t.caught / t.invalid >= 0.95, `caught ${t.caught} of ${t.invalid}`);
      assert.ok(t.namingMember / t.caught >= 0.95, `${t.namingMember} of ${t.caught} name the member`);
    });
  });

  it("gives the typed form (camelCase members, typed values) the verdict of the wire form", () => {
    const differ: string[] = [];
    const all = [...guide, ...generated];
    const verdicts = [...guideVerdicts, ...generatedVerdicts];
    all.forEach((c, i) => {
      const { problems, typed } = verdicts[i]!;
      const lower = (path: string) => path.replace(/^[A-Z]/, (ch) => ch.toLowerCase());
      const wirePaths = problems.map((p) => lower(p.path)).sort();
      const typedPaths = typed.map((p) => p.path).sort();
      if (JSON.stringify(wirePaths) !== JSON.stringify(typedPaths)) {
        differ.push(`${c.operation} ${show(c.request)}\n      wire: ${describeProblems(problems)}\n      typed: ${describeProblems(typed)}`);
      }
    });
    assert.deepEqual(differ.slice(0, 10), [], `${differ.length} differ`);
  });

  describe("through the whole generated wire validator of each operation", () => {
    /** The problems `assertValid` throws for a whole wire request; `checks` false turns the expression checks off. */
    const wholeProblems = (operation: CorpusOperation, request: WireRequest, checks: boolean): ValidationProblem[] => {
      const validator = (generatedValidators as unknown as Record<string, Validator<WireRequest>>)[`validateWire_${operation}Input`];
      assert.ok(validator, `validateWire_${operation}Input`);
      try {
        assertValid(operation, completeRequest(operation, request), validator, checks);
        return [];
      } catch (err) {
        if (!(err instanceof ParamValidationError)) throw err;
        return [...err.problems];
      }
    };

    it("passes every request dynalite accepts, catches at least 95% of the rest, and rejects none with the checks off", () => {
      const all = [...guide, ...generated];
      const verdicts = [...guideVerdicts, ...generatedVerdicts].map((v, i) => ({
        ...v,
        problems: wholeProblems(all[i]!.operation, all[i]!.request, true),
      }));
      const t = tally(all, verdicts);
      report("whole validator (guide + generated)", t);
      assert.deepEqual(t.falseRejections.slice(0, 20), [], `${t.falseRejections.length} false rejections`);
      assert.ok(t.caught / t.invalid >= 0.95, `caught ${t.caught} of ${t.invalid}`);
      const offRejects = all.filter((c, i) => verdicts[i]!.oracle === undefined && wholeProblems(c.operation, c.request, false).length > 0);
      assert.deepEqual(offRejects.map((c) => c.note), []);
    });
  });

  describe("the in-process oracle against the dynalite server", () => {
    let server: DynaliteServer;

    before(async () => {
      server = await startDynalite({ extended: false });
      const created = await callServer(server.endpoint, "CreateTable", {
        TableName: TABLE,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        BillingMode: "PAY_PER_REQUEST",
      });
      assert.equal(created.status, 200, created.message);
      await untilActive(server.endpoint, TABLE);
    });

    after(async () => {
      await server?.close();
    });

    it("gives the server's answer for every guide request and a sample of generated ones", async () => {
      const step = Math.max(1, Math.floor(generated.length / SERVER_SAMPLE.generated));
      const sample = [
        ...guide.slice(0, SERVER_SAMPLE.guide).map((c, i) => ({ c, oracle: guideVerdicts[i]!.oracle })),
        ...generated.filter((_, i) => i % step === 0).map((c) => ({ c, oracle: generatedVerdicts[generated.indexOf(c)]!.oracle })),
      ];
      const differ: string[] = [];
      let afterValidation = 0;
      for (const { c, oracle } of sample) {
        const answer = await callServer(server.endpoint, c.operation, completeRequest(c.operation, c.request));
        const evaluated = answer.type === "ValidationException" && EVALUATION_MESSAGES.some((m) => m.test(answer.message ?? ""));
        if (evaluated) afterValidation++;
        const accepted = answer.status === 200 || answer.type === "ConditionalCheckFailedException" || evaluated;
        const same = oracle === undefined ? accepted : !accepted && answer.message === oracle;
        if (!same) differ.push(`${c.operation} ${show(c.request)}\n      in process: ${oracle ?? "accepted"}\n      server: ${answer.status} ${answer.type} ${answer.message ?? ""}`);
      }
      console.log(`      server: ${sample.length} requests, ${sample.length - differ.length} as the in-process oracle said (${afterValidation} failed only after validation, on the table or item)`);
      assert.deepEqual(differ, []);
    });
  });
});
