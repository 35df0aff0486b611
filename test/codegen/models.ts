/**
 * Small botocore-style models for generator tests: each exercises the cases
 * real models throw at the generator (recursion, unions, documents, reserved
 * and colliding names, deprecations, idempotency tokens, event streams).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { emitPaginators } from "../../codegen/emit-paginators.js";
import { emitWaiters } from "../../codegen/emit-waiters.js";
import { generateService, type GenerateInput, type PaginatorEmitter, type WaiterEmitter } from "../../codegen/generate.js";

/** The repository root. */
export const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** A JSON-1.1 service with one of everything. */
export function widgetModel(): Record<string, unknown> {
  return {
    version: "2.0",
    metadata: {
      apiVersion: "2020-01-01",
      endpointPrefix: "widgets",
      jsonVersion: "1.1",
      protocol: "json",
      serviceFullName: "Widget Store",
      serviceId: "Widget Store",
      signingName: "widgetstore",
      targetPrefix: "WidgetStore_20200101",
    },
    documentation: "<p>Stores <b>widgets</b>.</p>",
    operations: {
      PutWidget: {
        name: "PutWidget",
        http: { method: "POST", requestUri: "/" },
        input: { shape: "PutWidgetRequest" },
        output: { shape: "PutWidgetResponse" },
        errors: [{ shape: "WidgetConflict" }, { shape: "ServiceException" }],
        documentation: "<p>Stores a <code>Widget</code>. See <a href=\"https://example.com/w\">widgets</a>.</p><ul><li><p>one</p></li><li><p>two</p></li></ul>",
      },
      DeleteWidget: {
        name: "DeleteWidget",
        http: { method: "POST", requestUri: "/" },
        input: { shape: "DeleteWidgetRequest" },
        deprecated: true,
        deprecatedMessage: "Use PutWidget with Deleted set.",
      },
      Send: { name: "Send", http: { method: "POST", requestUri: "/" } },
      // Shapes named like what paginators.ts and waiters.ts import from the runtime or use from TypeScript.
      ListWidgets: {
        name: "ListWidgets",
        http: { method: "POST", requestUri: "/" },
        endpoint: { hostPrefix: "data-" },
        input: { shape: "PaginateOptions" },
        output: { shape: "Paginator" },
      },
      GetWidget: { name: "GetWidget", http: { method: "POST", requestUri: "/" }, input: { shape: "WaiterOptions" }, output: { shape: "WaiterResult" } },
      WatchWidgets: { name: "WatchWidgets", http: { method: "POST", requestUri: "/" }, output: { shape: "WatchWidgetsResponse" } },
    },
    shapes: {
      PutWidgetRequest: {
        type: "structure",
        required: ["Name", "Widget"],
        members: {
          Name: { shape: "WidgetName", documentation: "<p>The widget's name.</p>" },
          Widget: { shape: "Widget" },
          Tags: { shape: "TagMap" },
          Colors: { shape: "ColorList" },
          Choice: { shape: "Choice" },
          JavaOnly: { shape: "JavaName" },
          OldField: { shape: "String", deprecated: true, deprecatedMessage: "Gone soon." },
          WireRenamed: { shape: "TagKey", locationName: "wire_renamed" },
          Thumbnail: { shape: "Thumbnail" },
          Weight: { shape: "Weight" },
        },
      },
      PutWidgetResponse: { type: "structure", members: { Widget: { shape: "Widget" }, Created: { shape: "Stamp" }, Ratio: { shape: "Ratio" } } },
      DeleteWidgetRequest: {
        type: "structure",
        required: ["Name"],
        members: { Name: { shape: "WidgetName" }, ClientToken: { shape: "String", idempotencyToken: true } },
      },
      WatchWidgetsResponse: { type: "structure", members: { Events: { shape: "WidgetEvents" } } },
      WidgetEvents: { type: "structure", eventstream: true, members: { Changed: { shape: "Widget" } } },
      Widget: {
        type: "structure",
        required: ["Size"],
        members: {
          Size: { shape: "Size" },
          Parts: { shape: "WidgetList", documentation: "<p>Widgets all the way down.</p>" },
          Created: { shape: "Stamp" },
          IsoCreated: { shape: "Stamp", timestampFormat: "iso8601" },
          Payload: { shape: "Blob" },
          Meta: { shape: "Document" },
          default: { shape: "String" },
          constructor: { shape: "TagKey" },
          NULL: { shape: "Boolean" },
          SSESpecification: { shape: "String" },
          Date: { shape: "Date" },
          Arn: { shape: "String" },
          ARN: { shape: "String" },
          Color: { shape: "Color" },
          Owner: { shape: "Owner" },
        },
      },
      PaginateOptions: { type: "structure", members: { NextToken: { shape: "String" }, MaxResults: { shape: "Size" } } },
      Paginator: { type: "structure", members: { Items: { shape: "Awaited" }, NextToken: { shape: "String" } } },
      Awaited: { type: "list", member: { shape: "ElementOf" } },
      ElementOf: { type: "structure", members: { Name: { shape: "WidgetName" } } },
      WaiterOptions: { type: "structure", required: ["Name"], members: { Name: { shape: "WidgetName" } } },
      WaiterResult: { type: "structure", members: { Widget: { shape: "Widget" }, Status: { shape: "ReturnType" } } },
      ReturnType: { type: "string", enum: ["READY", "BUSY"] },
      Owner: { type: "structure", required: ["Id"], members: { Id: { shape: "TagKey" }, Favorite: { shape: "Widget" } } },
      WidgetList: { type: "list", member: { shape: "Widget" }, max: 3 },
      TagMap: { type: "map", key: { shape: "TagKey" }, value: { shape: "String" }, min: 1 },
      TagKey: { type: "string", min: 1, max: 4 },
      Thumbnail: { type: "blob", min: 1, max: 4 },
      Weight: { type: "double", min: 0, max: 10 },
      ColorList: { type: "list", member: { shape: "Color" } },
      Color: { type: "string", enum: ["RED", "GREEN"] },
      Choice: { type: "structure", union: true, members: { Text: { shape: "String" }, Count: { shape: "Size" } } },
      Date: { type: "structure", members: { Day: { shape: "Size" } } },
      ClientConfig: { type: "structure", members: { Region: { shape: "String" } } },
      WidgetName: { type: "string", min: 3, max: 10, pattern: "^[a-z]+$" },
      JavaName: { type: "string", pattern: "\\p{Alpha}+" },
      Size: { type: "integer", min: 1, max: 5 },
      Ratio: { type: "double" },
      Stamp: { type: "timestamp" },
      Blob: { type: "blob" },
      Boolean: { type: "boolean" },
      String: { type: "string" },
      Document: { type: "structure", members: {}, document: true },
      WidgetConflict: {
        type: "structure",
        members: { message: { shape: "String" }, Name: { shape: "String" }, Widget: { shape: "Widget" } },
        error: { httpStatusCode: 409, senderFault: true },
        exception: true,
        documentation: "<p>Another widget has that name.</p>",
      },
      ServiceException: { type: "structure", members: { Message: { shape: "String" } }, exception: true, fault: true },
    },
  };
}

/** The widget model's `paginators-1.json` and `waiters-2.json`, with the emitters the CLI uses. */
export function widgetExtras(): Pick<GenerateInput, "paginators" | "waiters"> {
  return {
    paginators: {
      json: { pagination: { ListWidgets: { input_token: "NextToken", output_token: "NextToken", limit_key: "MaxResults", result_key: "Items" } } },
      emit: emitPaginators as PaginatorEmitter,
    },
    waiters: {
      json: {
        version: 2,
        waiters: {
          WidgetReady: { operation: "GetWidget", delay: 1, maxAttempts: 3, acceptors: [{ state: "success", matcher: "path", argument: "Status", expected: "READY" }] },
        },
      },
      emit: emitWaiters as WaiterEmitter,
    },
  };
}

/** Generates `model` (with the widget paginators and waiters) into a fresh temporary folder; returns the folder. */
export function generateToTemp(model: unknown, runtimeImport?: string): { dir: string; files: ReadonlyMap<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), "dynaport-codegen-"));
  const runtime = runtimeImport ?? relative(dir, join(REPO, "src/runtime/index.js")).split("\\").join("/");
  const { files } = generateService({ model, source: "test/widgets.json", runtimeImport: runtime, ...widgetExtras() });
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  // Generated code is ES modules (the runtime uses top-level await), as in the package it is generated into.
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  return { dir, files };
}
