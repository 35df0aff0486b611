/**
 * The STS client's endpoint function against STS's own endpoint rule set,
 * evaluated by the runtime's rules engine: same URL, signing region and name,
 * headers, or the same error, for every region the partition data knows.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { EndpointError, resolveEndpointDetails, type ResolvedEndpoint, type RuleSet } from "../../src/runtime/endpoints/index.js";
import { stsEndpoint, stsRegionalEndpoint, type StsEndpointOptions } from "../../src/runtime/sts/index.js";
import type { Environment } from "../../src/runtime/types.js";

const models = new URL("../../models/endpoints/", import.meta.url);
const RULES = JSON.parse(readFileSync(new URL("sts/2011-06-15/endpoint-rule-set-1.json", models), "utf8")) as RuleSet;
const PARTITIONS = JSON.parse(readFileSync(new URL("partitions.json", models), "utf8")) as { partitions: Array<{ id: string; regions: Record<string, unknown> }> };
const STS = { serviceId: "STS", endpointPrefix: "sts", signingName: "sts", ruleSet: RULES };

/** An endpoint or an error, comparable with deep equality. */
type Outcome = { url: string; signingRegion: string; signingName?: string; headers: Record<string, string> } | { error: string; endpointError: boolean };

function outcome(resolve: () => ResolvedEndpoint): Outcome {
  try {
    const { url, signingRegion, signingName, headers } = resolve();
    return { url: url.href, signingRegion, ...(signingName === undefined ? {} : { signingName }), headers };
  } catch (err) {
    return { error: (err as Error).message, endpointError: err instanceof EndpointError };
  }
}

/** What STS's rule set says for these options, read as the STS client reads them. */
function byRules(options: StsEndpointOptions & { env: Environment }): Outcome {
  const region = options.region || options.env.AWS_REGION || options.env.AWS_DEFAULT_REGION || "us-east-1";
  const input: Parameters<typeof resolveEndpointDetails>[0] = { region };
  if (options.endpoint !== undefined) input.endpoint = options.endpoint;
  if (options.useFipsEndpoint !== undefined) input.useFipsEndpoint = options.useFipsEndpoint;
  if (options.useDualstackEndpoint !== undefined) input.useDualstackEndpoint = options.useDualstackEndpoint;
  return outcome(() => resolveEndpointDetails(input, STS, { env: options.env }));
}

const knownRegions = PARTITIONS.partitions.flatMap((p) => Object.keys(p.regions));
/** Regions not in the data yet, each matching one partition's pattern (or none). */
const newRegions = ["us-east-9", "eu-south-7", "cn-north-9", "us-gov-east-9", "us-iso-west-9", "us-isob-west-9", "eu-isoe-north-9", "us-isof-east-9", "eusc-fr-south-9", "zz-mars-1"];

describe("STS endpoint without the rule set", () => {
  it("knows the data: every partition's regions, aws-global and us-gov among them", () => {
    expect(PARTITIONS.partitions.length).to.be.at.least(8);
    expect(knownRegions).to.include.members(["us-east-1", "aws-global", "us-gov-west-1", "cn-north-1", "eusc-de-east-1"]);
  });

  it("gives the rule set's endpoint for every region x FIPS x dual-stack", () => {
    let compared = 0;
    for (const region of [...knownRegions, ...newRegions]) {
      for (const useFipsEndpoint of [false, true]) {
        for (const useDualstackEndpoint of [false, true]) {
          const want = byRules({ region, useFipsEndpoint, useDualstackEndpoint, env: {} });
          expect(outcome(() => stsRegionalEndpoint(region, useFipsEndpoint, useDualstackEndpoint)), `${region} fips=${useFipsEndpoint} dualstack=${useDualstackEndpoint}`).to.deep.equal(want);
          expect(outcome(() => stsEndpoint({ region, useFipsEndpoint, useDualstackEndpoint, env: {} })), `${region} via stsEndpoint`).to.deep.equal(want);
          compared++;
        }
      }
    }
    expect(compared).to.equal((knownRegions.length + newRegions.length) * 4);
  });

  it("has the special cases the rules spell out", () => {
    expect(outcome(() => stsRegionalEndpoint("aws-global", false, false))).to.deep.equal({ url: "https://sts.amazonaws.com/", signingRegion: "us-east-1", signingName: "sts", headers: {} });
    expect(outcome(() => stsRegionalEndpoint("us-gov-west-1", true, false))).to.deep.include({ url: "https://sts.us-gov-west-1.amazonaws.com/" });
    expect(outcome(() => stsRegionalEndpoint("us-gov-west-1", true, true))).to.deep.include({ url: "https://sts-fips.us-gov-west-1.api.aws/" });
    expect(outcome(() => stsRegionalEndpoint("us-east-2", true, false))).to.deep.include({ url: "https://sts-fips.us-east-2.amazonaws.com/" });
    expect(outcome(() => stsRegionalEndpoint("cn-north-1", false, true))).to.deep.include({ url: "https://sts.cn-north-1.api.amazonwebservices.com.cn/" });
    expect(outcome(() => stsRegionalEndpoint("eu-west-1", false, false))).to.deep.equal({ url: "https://sts.eu-west-1.amazonaws.com/", signingRegion: "eu-west-1", signingName: "sts", headers: {} });
  });

  it("reads the custom endpoint, the flags and the region from options and environment as the rules see them", () => {
    const cases: Array<[string, StsEndpointOptions & { env: Environment }]> = [
      ["no region anywhere: us-east-1", { env: {} }],
      ["AWS_REGION", { env: { AWS_REGION: "ap-southeast-2" } }],
      ["AWS_DEFAULT_REGION", { env: { AWS_DEFAULT_REGION: "aws-global" } }],
      ["the option over AWS_REGION", { region: "eu-north-1", env: { AWS_REGION: "ap-southeast-2" } }],
      ["custom endpoint option", { region: "eu-west-1", endpoint: "http://localhost:4566", env: {} }],
      ["custom endpoint with a path and port", { endpoint: "https://proxy.example.com:8443/sts/", env: {} }],
      ["custom endpoint with FIPS", { endpoint: "http://localhost:4566", useFipsEndpoint: true, env: {} }],
      ["custom endpoint with dual-stack", { endpoint: "http://localhost:4566", useDualstackEndpoint: true, env: {} }],
      ["AWS_ENDPOINT_URL_STS", { region: "us-west-2", env: { AWS_ENDPOINT_URL_STS: "http://sts.local:1234" } }],
      ["AWS_ENDPOINT_URL", { env: { AWS_ENDPOINT_URL: "http://all.local:1234" } }],
      ["AWS_ENDPOINT_URL_STS over AWS_ENDPOINT_URL", { env: { AWS_ENDPOINT_URL: "http://all.local", AWS_ENDPOINT_URL_STS: "http://sts.local" } }],
      ["configured endpoints ignored", { region: "us-west-2", env: { AWS_ENDPOINT_URL_STS: "http://sts.local", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" } }],
      ["the option over AWS_ENDPOINT_URL_STS", { endpoint: "http://option.local", env: { AWS_ENDPOINT_URL_STS: "http://sts.local" } }],
      ["an empty endpoint option falls back to the environment", { endpoint: "", env: { AWS_ENDPOINT_URL_STS: "http://sts.local" } }],
      ["an invalid custom endpoint", { endpoint: "not a url", env: {} }],
      ["a custom endpoint that is not http", { env: { AWS_ENDPOINT_URL_STS: "ftp://sts.local" } }],
      ["AWS_USE_FIPS_ENDPOINT", { region: "ca-central-1", env: { AWS_USE_FIPS_ENDPOINT: "true" } }],
      ["AWS_USE_FIPS_ENDPOINT in us-gov", { region: "us-gov-east-1", env: { AWS_USE_FIPS_ENDPOINT: " TRUE " } }],
      ["AWS_USE_DUALSTACK_ENDPOINT", { region: "sa-east-1", env: { AWS_USE_DUALSTACK_ENDPOINT: "true" } }],
      ["the flag options over the environment", { region: "sa-east-1", useFipsEndpoint: false, useDualstackEndpoint: false, env: { AWS_USE_FIPS_ENDPOINT: "true", AWS_USE_DUALSTACK_ENDPOINT: "true" } }],
      ["FIPS from the environment with a custom endpoint", { endpoint: "http://localhost:4566", env: { AWS_USE_FIPS_ENDPOINT: "true" } }],
      ["an invalid region", { region: "us-east-1/evil", env: {} }],
      ["a region with a space", { region: "us east 1", env: {} }],
    ];
    for (const [name, options] of cases) {
      expect(outcome(() => stsEndpoint(options)), name).to.deep.equal(byRules(options));
    }
    // The custom endpoint keeps its path and port, as the rules return it verbatim.
    expect(stsEndpoint({ endpoint: "https://proxy.example.com:8443/sts/", env: {} }).url.href).to.equal("https://proxy.example.com:8443/sts/");
  });
});
