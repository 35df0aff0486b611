import { DynamoDB } from "../../../src/generated/dynamodb/index.js";
import type { ClientConfig } from "../../../src/runtime/index.js";
import { TEST_CREDENTIALS } from "../../support/dynalite.js";

/** The generated client pointed at a local server (dynalite, or a fault proxy in front of it). */
export function testClient(endpoint: string, config: ClientConfig = {}): DynamoDB {
  return new DynamoDB({ region: "us-east-1", endpoint, credentials: TEST_CREDENTIALS, ...config });
}
