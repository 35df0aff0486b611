/**
 * What the generator emits for raw `send` in any service, shown on the widget
 * model: a plain value where a union belongs is reported with the members
 * wanted (DynamoDB's attribute values add an example, see
 * test/wire/raw-send-plain-values.test.ts), and modeled errors carry their
 * members in wire form when built for a raw send.
 */
import { expect } from "chai";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ParamValidationError, wireErrors, type ErrorClass, type ModeledErrors } from "../../src/runtime/index.js";
import { generateToTemp, widgetModel } from "./models.js";

describe("codegen: raw send in any service", function () {
  this.timeout(30_000);
  const { dir, files } = generateToTemp(widgetModel());
  let operations: Record<string, { validateWire(input: unknown): void }>;
  let errors: Record<string, unknown>;

  before(async () => {
    const load = async (name: string) => (await import(pathToFileURL(join(dir, name)).href)) as Record<string, never>;
    operations = (await load("operations.ts")).operations;
    errors = await load("errors.ts");
  });

  const problems = (choice: unknown) => {
    try {
      operations.PutWidget!.validateWire({ Name: "abc", Widget: { Size: 1 }, Choice: choice });
    } catch (err) {
      expect(err).to.be.instanceOf(ParamValidationError);
      return (err as ParamValidationError).problems;
    }
    return [];
  };

  const cases: [string, unknown, { path: string; message: string }[]][] = [
    ["a string", "x", [{ path: "Choice", message: "expected one of Text, Count, got a string" }]],
    ["a number", 3, [{ path: "Choice", message: "expected one of Text, Count, got a number" }]],
    ["a boolean", true, [{ path: "Choice", message: "expected one of Text, Count, got a boolean" }]],
    ["an array", ["Text"], [{ path: "Choice", message: "expected one of Text, Count, got an array" }]],
    ["an object of members named unlike the union's", { text_value: "a", n: 1 }, [{ path: "Choice", message: "expected one of Text, Count, got an object" }]],
    ["a member in the wrong case", { text: "a" }, [{ path: "Choice", message: 'expected one of Text, Count: member names are case-sensitive, and "text" is not Text' }]],
    ["one member", { Text: "a" }, []],
    ["no member (the service's call)", {}, []],
    ["one member named like the union's, maybe newer than the model", { Label: "a" }, []],
    ["two members", { Text: "a", Count: 2 }, [{ path: "Choice", message: "sets Text, Count, but only one member of a union may be set" }]],
  ];
  for (const [what, choice, expected] of cases) {
    it(`checks ${what} where a union belongs`, () => {
      expect(problems(choice)).to.deep.equal(expected);
    });
  }

  it("walks a union's members once it is one, with paths", () => {
    expect(problems({ Count: 9 })).to.deep.equal([{ path: "Choice.Count", message: "value 9 is above the maximum 5" }]);
  });

  it("emits the wire names of each union's members once, and no attribute-value example outside DynamoDB", () => {
    const validate = files.get("validate.ts")!;
    expect(validate).to.include('const MEMBERS_Choice = ["Text","Count"] as const;');
    expect(validate).to.include("if (!checkWireUnion(problems, v, MEMBERS_Choice)) return;");
    expect(validate).to.not.include("attributeValueExample");
  });

  it("declares each error member's wire name beside its typed one, and a table of every error class by code", () => {
    const text = files.get("errors.ts")!;
    expect(text).to.include("declare readonly widget?: Widget;");
    expect(text).to.include("declare readonly Widget?: JsonObject;");
    // A member whose typed name is its wire name (`Name`, kept clear of Error's `name`) is declared once.
    expect(text.match(/declare readonly Name\?/g)).to.have.length(1);
    // `ServiceException` is a runtime name, so its class is renamed; its code stays.
    expect(text).to.include('export const errorClasses: ModeledErrors = {\n  "ServiceException": ServiceExceptionError,\n  WidgetConflict,\n};');
  });

  it("builds an error for raw send with its members in wire form, and the same class typed otherwise", () => {
    const WidgetConflict = errors.WidgetConflict as ErrorClass;
    const body = { __type: "WidgetConflict", message: "taken", Name: "abc", Widget: { Size: 2, Created: 1_700_000_000.5 } };
    const context = { message: "taken", fault: "client" as const, $metadata: { attempts: 1, totalRetryDelay: 0 } };
    const table: ModeledErrors = { WidgetConflict };
    const Raw = wireErrors(table)!.WidgetConflict!;
    expect(wireErrors(table)).to.equal(wireErrors(table), "converted once per table");
    const raw = new Raw(body, context) as unknown as Record<string, unknown>;
    expect(raw).to.be.instanceOf(WidgetConflict);
    expect(raw.name).to.equal("WidgetConflict");
    expect(raw.message).to.equal("taken");
    expect(raw.Widget).to.deep.equal({ Size: 2, Created: 1_700_000_000.5 });
    expect(raw.Name).to.equal("abc");
    expect(raw.widget).to.equal(undefined);
    expect(raw.__type).to.equal(undefined);

    const typed = new WidgetConflict(body, context) as unknown as Record<string, unknown>;
    expect(typed.widget).to.deep.equal({ size: 2, created: new Date(1_700_000_000_500) });
    expect(typed.Widget).to.equal(undefined);
    expect(wireErrors(undefined)).to.equal(undefined);
  });
});
