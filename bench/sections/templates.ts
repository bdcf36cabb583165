/**
 * Templates: streaming learning throughput of Drain (HDFS preset) on HDFS lines against the 200k lines/s goal,
 * with the refined preset's bookkeeping and Spell beside it (context).
 */
import {runNodeChild} from "../measure.js";
import {fmt, type Row} from "../goals.js";

type StreamResult = {
  lines: number;
  parsers: {
    name: string;
    learnPerSecond: number;
    learnPerCpuSecond: number;
    matchPerSecond: number;
    matchPerCpuSecond: number;
    templates: number;
  }[];
};

/** Lines per second, streaming one line at a time (issue 13). */
const GOAL_LINES_PER_SECOND = 200_000;

export async function benchTemplates(options: {quick: boolean; log: (s: string) => void}) {
  const lines = options.quick ? 200_000 : 2_000_000;
  const run = await runNodeChild<StreamResult>("bench/templates/streamChild.ts", [String(lines)]);
  const rows: Row[] = run.result.parsers.map((p, i) => {
    options.log(`templates: ${p.name} learns ${fmt.rate(p.learnPerSecond)} lines`);
    return {
      section: "templates",
      figure: `${p.name}: learn lines/s / 200k`,
      ratio: p.learnPerSecond / GOAL_LINES_PER_SECOND,
      // The goal is Drain's with the published settings; the others are context.
      goal: i === 0 ? 1 : undefined,
      context: `learn ${fmt.rate(p.learnPerSecond)} (${fmt.rate(p.learnPerCpuSecond)} per CPU second), match ${fmt.rate(p.matchPerSecond)}; ${p.templates} templates; ${lines.toLocaleString("en")} HDFS lines`
    };
  });
  return {...run.result, peakRssMiB: run.peakRssMiB, rows};
}
