/** Memory: prepare's peak RSS growth on a 1 GB log of real audit lines against a 10x smaller one, and its bound. */
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {measureMemoryBound, memoryBoundProblems} from "../ingest/memoryBound.js";
import {fmt, type Row} from "../goals.js";

const MiB = 2 ** 20;

export async function benchMemory(options: {quick: boolean; log: (s: string) => void}) {
  // --quick: the unit suite's size (test/hostileMemory.test.ts), not the reference 1 GB.
  const bytes = options.quick ? 300e6 : 1e9;
  options.log(
    `memory: prepare on ${(bytes / 1e9).toFixed(2)} GB and ${(bytes / 1e10).toFixed(2)} GB of real audit lines`
  );
  const dir = await mkdtemp(join(tmpdir(), "perfspec-bench-memory-"));
  let measured;
  try {
    measured = await measureMemoryBound(bytes, dir);
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
  const {small, big, grownMiB, boundMiB, summary} = measured;
  const problems = memoryBoundProblems(measured);
  const outputGrowthMiB = (big.outputBytes - small.outputBytes) / MiB;
  const inputGrowthMiB = (big.logBytes - small.logBytes) / MiB;
  options.log(`memory: ${summary}`);
  if (problems.length > 0) options.log(`memory: bound not held: ${problems.join("; ")}`);
  const size = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
  const rows: Row[] = [
    {
      section: "memory",
      figure: `prepare peak RSS growth, ${size(small.logBytes)} -> ${size(big.logBytes)} log: 2x output growth / growth`,
      ratio: boundMiB / grownMiB,
      goal: 1,
      context: `peak +${fmt.mib(grownMiB)} (${fmt.mib(small.maxRssMiB)} -> ${fmt.mib(big.maxRssMiB)}) for +${fmt.mib(outputGrowthMiB)} output, +${fmt.mib(inputGrowthMiB)} input`
    },
    {
      section: "memory",
      figure: `prepare peak RSS growth, ${size(small.logBytes)} -> ${size(big.logBytes)} log: input growth / 4 / growth`,
      ratio: inputGrowthMiB / 4 / grownMiB,
      goal: 1,
      context: `peak +${fmt.mib(grownMiB)} vs a quarter of +${fmt.mib(inputGrowthMiB)} input; ${big.lines.toLocaleString("en-US")} lines in ${fmt.s(big.seconds)}`
    }
  ];
  return {bytes, small, big, grownMiB, boundMiB, problems, rows};
}
