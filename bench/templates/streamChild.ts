/**
 * Contender: template learning throughput on HDFS lines, one line at a time. The 2,000 loghub HDFS lines are
 * varied (each copy gets fresh block ids and a fresh time, from a seeded generator) into a pool of 20,000 lines,
 * looped into a stream of `lines` lines through `learn`, then through `match`.
 * Usage: streamChild.ts <lines>. Prints {lines, parsers: [{name, learnPerSecond, learnPerCpuSecond, matchPerSecond,
 * matchPerCpuSecond, templates}]} (per wall second and per second of this process's CPU time).
 */
import {join} from "node:path";
import {randomLcg} from "d3";
import {readLines} from "../../src/node/readLines.js";
import {createParser, type TemplateMethod} from "../../src/lib/templates/parser.js";
import {presets, refinedPresets, spellPresets} from "../../src/lib/templates/presets.js";

const total = Number(process.argv[2] ?? 1_000_000);
const sample: string[] = [];
for await (const {text} of readLines(join(import.meta.dirname, "../../data/loghub-2k/HDFS/HDFS_2k.log.xz")))
  if (text) sample.push(text);
const random = randomLcg(0.42);
const pool: string[] = [];
for (let copy = 0; copy < 10; copy++)
  for (const line of sample)
    pool.push(
      line
        .replace(/blk_-?\d+/g, () => `blk_${Math.floor(random() * 2 ** 53) * (random() < 0.5 ? -1 : 1)}`)
        .replace(/^(\d{6}) \d{6}/, (_, date) => `${date} ${String(Math.floor(random() * 240000)).padStart(6, "0")}`)
    );

const contenders: [string, TemplateMethod, object][] = [
  ["Drain, HDFS preset", "drain", presets.HDFS],
  ["Drain, HDFS+ (second-pass bookkeeping)", "drain", refinedPresets.HDFS],
  ["Spell, HDFS preset", "spell", spellPresets.HDFS]
];
const parsers = [];
for (const [name, method, options] of contenders) {
  const parser = createParser(method, options);
  for (let i = 0; i < 20_000; i++) parser.learn(pool[i % pool.length]); // warm-up (also learns the templates)
  let [started, cpu] = [performance.now(), process.cpuUsage()];
  for (let i = 0; i < total; i++) parser.learn(pool[i % pool.length]);
  const learnPerSecond = total / ((performance.now() - started) / 1000);
  const learnPerCpuSecond = total / (process.cpuUsage(cpu).user / 1e6);
  [started, cpu] = [performance.now(), process.cpuUsage()];
  for (let i = 0; i < total; i++) parser.match(pool[i % pool.length]);
  const matchPerSecond = total / ((performance.now() - started) / 1000);
  const matchPerCpuSecond = total / (process.cpuUsage(cpu).user / 1e6);
  const templates = parser.templates().length;
  parsers.push({name, learnPerSecond, learnPerCpuSecond, matchPerSecond, matchPerCpuSecond, templates});
}
console.log(JSON.stringify({lines: total, parsers}));
