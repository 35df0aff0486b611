import { PARTITIONS } from "./data/partitions.js";

/** What a partition says about its DNS names and capabilities (`outputs` in `partitions.json`). */
export interface PartitionOutputs {
  name: string;
  dnsSuffix: string;
  dualStackDnsSuffix: string;
  supportsFIPS: boolean;
  supportsDualStack: boolean;
  implicitGlobalRegion: string;
}

/** A known region's overrides of its partition's outputs. */
type RegionOverrides = Partial<PartitionOutputs> & { description?: string };

/**
 * One partition of botocore's `partitions.json`, as models/endpoints/embed.mjs
 * embeds it: id, `regionRegex`, the outputs in a fixed order, the known regions
 * the pattern does not already place (with their overrides), and the name when
 * it differs from the id.
 */
export type PartitionRow = [
  id: string,
  regionRegex: string,
  dnsSuffix: string,
  dualStackDnsSuffix: string,
  implicitGlobalRegion: string,
  supportsDualStack: boolean,
  supportsFIPS: boolean,
  regions: Record<string, RegionOverrides>,
  name?: string,
];

const compiled = PARTITIONS.map(([id, regionRegex, dnsSuffix, dualStackDnsSuffix, implicitGlobalRegion, supportsDualStack, supportsFIPS, regions, name = id]) => ({
  id,
  regex: new RegExp(regionRegex),
  regions,
  outputs: { dnsSuffix, dualStackDnsSuffix, implicitGlobalRegion, name, supportsDualStack, supportsFIPS } satisfies PartitionOutputs,
}));

/**
 * The `aws.partition` function of the endpoint rules language: which
 * partition a region belongs to, and that partition's outputs.
 *
 * The order follows the Smithy rules-engine specification: a region listed by
 * name in a partition wins, then the first partition whose `regionRegex`
 * matches, and otherwise the `aws` partition, so that a region launched after
 * this data was embedded still gets a sensible endpoint.
 */
export function partitionFor(region: string): PartitionOutputs {
  for (const p of compiled) {
    const known = p.regions[region];
    if (known) return overlay(p.outputs, known);
  }
  for (const p of compiled) {
    if (p.regex.test(region)) return { ...p.outputs };
  }
  const aws = compiled.find((p) => p.id === "aws") ?? compiled[0]!;
  return { ...aws.outputs };
}

function overlay(outputs: PartitionOutputs, region: RegionOverrides): PartitionOutputs {
  const { description: _description, ...overrides } = region;
  return { ...outputs, ...overrides };
}
