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

/** The shape of botocore's `partitions.json`. */
export interface PartitionsData {
  partitions: Array<{
    id: string;
    outputs: PartitionOutputs;
    regionRegex: string;
    /** Known regions; an entry may override some outputs for that region. */
    regions: Record<string, Partial<PartitionOutputs> & { description?: string }>;
  }>;
  version?: string;
}

const compiled = PARTITIONS.partitions.map((p) => ({ ...p, regex: new RegExp(p.regionRegex) }));

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

function overlay(outputs: PartitionOutputs, region: Partial<PartitionOutputs> & { description?: string }): PartitionOutputs {
  const { description: _description, ...overrides } = region;
  return { ...outputs, ...overrides };
}
