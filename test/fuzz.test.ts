// Seeded fuzzing of prepareInputs: real audit lines (test/fixtures/ingest, cut from data/) with mutated
// copies inserted among them. Whatever the mutation, prepare must not crash, must accept every untouched line exactly
// as without the mutants, and must report each rejected mutant with its 1-based line number and a reason.
import assert from "node:assert/strict";
import {mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {randomLcg} from "d3";
import type {AuditEventRow} from "../src/lib/ingest/types.js";
import {prepareInputs} from "../src/node/prepare.js";

const CASES = 500;
const MUTANTS_PER_FILE = 5;
// Large enough that several-MB strings reach JSON.parse (the line-length limit is tested in prepare.test.ts).
const MAX_LINE_BYTES = 8 << 20;

type Outcome = "rejected" | "either";
interface Mutation {
  name: string;
  outcome: Outcome;
  /** Expected start of the problem's reason when rejected. */
  reason?: RegExp;
  apply(line: string, random: () => number): Buffer;
}

const utf8 = (s: string) => Buffer.from(s, "utf8");
const deepArrays = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const deepObjects = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
/** Replaces the value of top-level `key` in an event line (parsed and re-serialised). */
const withField = (line: string, key: string, raw: string) => {
  const event = JSON.parse(line) as Record<string, unknown>;
  event[key] = "__RAW__";
  return utf8(JSON.stringify(event).replace('"__RAW__"', raw));
};
/** Inserts raw bytes inside the first string value (after `"verb":"`), keeping the JSON otherwise intact. */
const insideVerb = (line: string, bytes: number[]) => {
  const at = Buffer.byteLength(line.slice(0, line.indexOf('"verb":"') + 8));
  const buffer = utf8(line);
  return Buffer.concat([buffer.subarray(0, at), Buffer.from(bytes), buffer.subarray(at)]);
};

const MUTATIONS: Mutation[] = [
  {
    name: "truncated",
    outcome: "rejected",
    reason: /^broken JSON/,
    apply: (l, r) => utf8(l).subarray(0, 1 + Math.floor(r() * (utf8(l).length - 2)))
  },
  {
    name: "byte flips",
    outcome: "either",
    apply(l, r) {
      const b = Buffer.from(utf8(l));
      for (let n = 1 + Math.floor(r() * 3); n > 0; n--) {
        let value = Math.floor(r() * 256);
        if (value === 0x0a) value = 0x0b; // a line break would make two lines
        b[Math.floor(r() * b.length)] = value;
      }
      return b;
    }
  },
  {
    name: "verb as number",
    outcome: "rejected",
    reason: /^verb is not a non-empty string/,
    apply: (l) => withField(l, "verb", "42")
  },
  {
    name: "verb as object",
    outcome: "rejected",
    reason: /^verb is not a non-empty string/,
    apply: (l) => withField(l, "verb", '{"create":true}')
  },
  {
    name: "verb as array",
    outcome: "rejected",
    reason: /^verb is not a non-empty string/,
    apply: (l) => withField(l, "verb", '["create"]')
  },
  {
    name: "auditID as number",
    outcome: "rejected",
    reason: /^auditID is not a string/,
    apply: (l) => withField(l, "auditID", "7")
  },
  {name: "objectRef as string", outcome: "either", apply: (l) => withField(l, "objectRef", '"pods"')},
  {name: "user as null", outcome: "either", apply: (l) => withField(l, "user", "null")},
  {name: "time as object", outcome: "either", apply: (l) => withField(l, "requestReceivedTimestamp", '{"t":1}')},
  {name: "responseStatus as array", outcome: "either", apply: (l) => withField(l, "responseStatus", "[200]")},
  {
    name: "kind 100k nested arrays",
    outcome: "rejected",
    reason: /^not an audit Event \(kind/,
    apply: (l) => withField(l, "kind", deepArrays(100_000))
  },
  {
    name: "objectRef 100k nested objects",
    outcome: "either",
    apply: (l) => withField(l, "objectRef", deepObjects(100_000))
  },
  {
    name: "line of 100k nested arrays",
    outcome: "rejected",
    reason: /^(not an audit Event|broken JSON)/,
    apply: () => utf8(deepArrays(100_000))
  },
  {
    name: "huge name",
    outcome: "either",
    apply: (l) => withField(l, "objectRef", JSON.stringify({resource: "pods", name: "n".repeat(3 << 20)}))
  },
  {
    name: "huge user agent",
    outcome: "either",
    apply: (l) => withField(l, "userAgent", JSON.stringify("é".repeat(2 << 20)))
  },
  {
    name: "invalid UTF-8",
    outcome: "rejected",
    reason: /^invalid UTF-8/,
    apply: (l, r) => insideVerb(l, r() < 0.5 ? [0xc3, 0x28] : [0xff, 0xfe])
  },
  {name: "NUL byte", outcome: "rejected", reason: /^NUL bytes/, apply: (l) => insideVerb(l, [0x00])},
  {name: "control character", outcome: "rejected", reason: /^control characters/, apply: (l) => insideVerb(l, [0x01])},
  {
    name: "not an object",
    outcome: "rejected",
    reason: /^not an audit Event/,
    apply: (_, r) => utf8(["[]", '"event"', "123", "null", "true"][Math.floor(r() * 5)])
  },
  {name: "empty object", outcome: "rejected", reason: /^missing verb/, apply: () => utf8("{}")}
];

const FIXTURE = "test/fixtures/ingest/audit-events-head300.jsonl";
let tmp: string;
let clean: string[];
let cleanEvents: AuditEventRow[];
let cleanActions: string[];

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "perfspec-fuzz-"));
  clean = (await readFile(FIXTURE, "utf8")).split("\n").filter((l) => l !== "");
  const result = await prepareInputs([FIXTURE]);
  assert.equal(result.report.rejected, 0);
  cleanEvents = result.events;
  cleanActions = result.actions.map((a) => a.action);
});
after(async () => {
  await rm(tmp, {recursive: true, force: true});
});

test(`prepareInputs(real lines + ${CASES} seeded mutants) never crashes, keeps every untouched line and reports each bad line`, async () => {
  const random = randomLcg(20240611);
  const cleanIds = new Set(cleanEvents.map((e) => e.auditID));
  const seen = new Map<string, number>();
  for (let file = 0; file < CASES / MUTANTS_PER_FILE; file++) {
    // Mutants get a fresh auditID first, so that they never merge with (or take over) a real event.
    const mutants = Array.from({length: MUTANTS_PER_FILE}, (_, i) => {
      const mutation = MUTATIONS[Math.floor(random() * MUTATIONS.length)];
      const base = JSON.parse(clean[Math.floor(random() * clean.length)]) as Record<string, unknown>;
      base.auditID = `fuzz-${file}-${i}`;
      seen.set(mutation.name, (seen.get(mutation.name) ?? 0) + 1);
      return {mutation, bytes: mutation.apply(JSON.stringify(base), random)};
    });
    const lines: Buffer[] = clean.map(utf8);
    const positions = new Map<number, (typeof mutants)[number]>();
    for (const mutant of mutants) lines.splice(Math.floor(random() * (lines.length + 1)), 0, mutant.bytes);
    lines.forEach((line, i) => {
      const mutant = mutants.find((m) => m.bytes === line);
      if (mutant) positions.set(i + 1, mutant);
    });
    const path = join(tmp, `case-${file}.jsonl`);
    await writeFile(path, Buffer.concat(lines.flatMap((l) => [l, Buffer.from("\n")])));
    const label = `file ${file}: ${[...positions].map(([line, m]) => `line ${line} ${m.mutation.name}`).join(", ")}`;

    const {report, events, actions} = await prepareInputs([path], {maxLineBytes: MAX_LINE_BYTES});

    // Every problem is a mutant's line, with a reason; every mutant that must fail is reported as expected.
    for (const problem of report.problems) {
      assert.ok(positions.has(problem.line), `${label}: problem on untouched line ${problem.line}: ${problem.reason}`);
      assert.equal(problem.file, path);
      assert.ok(typeof problem.reason === "string" && problem.reason.length > 0, label);
    }
    assert.equal(report.problems.length, report.rejected, label);
    for (const [line, {mutation}] of positions) {
      const problem = report.problems.find((p) => p.line === line);
      if (mutation.outcome === "rejected") {
        assert.ok(problem, `${label}: line ${line} (${mutation.name}) was accepted`);
        if (mutation.reason) assert.match(problem.reason, mutation.reason, label);
      }
    }
    // Every untouched line is accepted, and the real events and actions are exactly those without the mutants.
    assert.equal(report.accepted + report.rejected, clean.length + MUTANTS_PER_FILE, label);
    const kept = events.filter((e) => cleanIds.has(e.auditID));
    assert.deepEqual(kept, cleanEvents, label);
    const keptEvents = events.filter((e) => e.kept);
    const realActions = actions.filter((_, i) => cleanIds.has(keptEvents[i].auditID)).map((a) => a.action);
    assert.deepEqual(realActions, cleanActions, label);
  }
  // Each mutation was drawn at least once.
  assert.deepEqual(
    [...MUTATIONS.map((m) => m.name)].filter((n) => !seen.has(n)),
    []
  );
});
