/**
 * Build: a cold `npm run build` (Framework's cache cleared except the offline npm bundles), and the time from an
 * edit of the input file to the updated overview page in `npm start`'s preview, seen in Chromium.
 */
import {spawn, spawnSync} from "node:child_process";
import {appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {createServer} from "node:net";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {derivedJsonl, syntheticJsonl} from "../inputs.js";
import {fmt, type Row} from "../goals.js";

const CACHE = "src/.observablehq/cache";
const KEEP = new Set(["_npm", "_node", "offline-npm-cache.json"]);
const CHROMIUM = process.env.PERFSPEC_CHROMIUM ?? "/usr/bin/chromium";

export async function benchBuild(options: {quick: boolean; log: (s: string) => void}) {
  if (existsSync(CACHE))
    for (const entry of readdirSync(CACHE))
      if (!KEEP.has(entry)) rmSync(join(CACHE, entry), {recursive: true, force: true});
  // A separate output directory, so the benchmark never replaces dist/ under someone's feet.
  const out = mkdtempSync(join(tmpdir(), "perfspec-bench-dist-"));
  const started = performance.now();
  const build = spawnSync("npm", ["run", "--silent", "build"], {
    env: {...process.env, PERFSPEC_OUT: out},
    encoding: "utf8"
  });
  const buildSeconds = (performance.now() - started) / 1000;
  rmSync(out, {recursive: true, force: true});
  if (build.status !== 0) throw new Error(`npm run build failed:\n${(build.stderr || build.stdout).slice(-2000)}`);
  options.log(`build: cold npm run build ${fmt.s(buildSeconds)}`);
  const edit = await editToPage(options.log);
  const rows: Row[] = [
    {
      section: "build",
      figure: "cold npm run build: 60 s budget / ours",
      ratio: 60 / buildSeconds,
      goal: 1,
      context: `${fmt.s(buildSeconds)}`
    },
    {
      section: "build",
      figure: "edit input -> updated page: 2 s budget / ours",
      ratio: 2 / edit.medianSeconds,
      goal: 1,
      context: `median ${fmt.s(edit.medianSeconds)} of ${edit.samples.length} edits (${edit.samples.map((s) => s.toFixed(2)).join(", ")} s)`
    }
  ];
  return {buildSeconds, editToPageSeconds: edit.medianSeconds, editSamples: edit.samples, rows};
}

/** Median seconds from appending events to the input until the overview's "Unique events" card shows the new count. */
async function editToPage(log: (s: string) => void, edits = 3): Promise<{medianSeconds: number; samples: number[]}> {
  for (let waited = 0; !existsSync(CHROMIUM); waited += 5) {
    if (waited >= 600) throw new Error(`${CHROMIUM} did not appear within 10 minutes`);
    if (waited === 0) log(`build: waiting for ${CHROMIUM} (apt may still be installing it)`);
    await sleep(5000);
  }
  const {launchChromium} = await import("../../test/browser/chromium.js");
  const dir = mkdtempSync(join(tmpdir(), "perfspec-bench-edit-"));
  const input = join(dir, "audit.jsonl");
  writeFileSync(
    input,
    readFileSync(await derivedJsonl(), "utf8")
      .split("\n")
      .slice(0, 2000)
      .join("\n") + "\n"
  );
  // New events to append: synthetic ones (fresh auditIDs), 100 per edit.
  const extra = readFileSync(await syntheticJsonl(10_000), "utf8")
    .split("\n")
    .filter(Boolean);
  const port = await freePort();
  // Its own process group, so stopping it stops Framework's server and the watcher it starts.
  const server = spawn("npm", ["start"], {
    env: {...process.env, PERFSPEC_DATA: input, PORT: String(port)},
    detached: true,
    stdio: ["ignore", "pipe", "pipe"]
  });
  let output = "";
  server.stdout.on("data", (d) => (output += d));
  server.stderr.on("data", (d) => (output += d));
  const browser = await launchChromium();
  try {
    const url = `http://127.0.0.1:${port}/`;
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`npm start exited:\n${output.slice(-2000)}`);
      if (
        await fetch(url).then(
          (r) => r.ok,
          () => false
        )
      )
        break;
      if (i > 240) throw new Error(`preview did not answer on ${url}:\n${output.slice(-2000)}`);
      await sleep(500);
    }
    const page = await browser.newPage();
    await page.goto(url);
    const card = page.locator(".card", {hasText: "Unique events"}).locator(".big");
    const read = async () => Number((await card.textContent({timeout: 60_000}))?.replace(/[^\d]/g, ""));
    await page.waitForFunction(() => /\d/.test(document.querySelector(".card .big")?.textContent ?? ""), null, {
      timeout: 120_000
    });
    let count = await read();
    const samples: number[] = [];
    for (let e = 0; e < edits; e++) {
      const started = performance.now();
      appendFileSync(input, extra.slice(e * 100, (e + 1) * 100).join("\n") + "\n");
      for (;;) {
        const now = await read().catch(() => count);
        if (now !== count) {
          count = now;
          break;
        }
        if (performance.now() - started > 60_000) throw new Error("the page did not update within 60 s of the edit");
        await sleep(20);
      }
      samples.push((performance.now() - started) / 1000);
      log(`build: edit ${e + 1}: page updated after ${fmt.s(samples[e])}`);
      await sleep(1000);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    return {medianSeconds: sorted[sorted.length >> 1], samples};
  } finally {
    await browser.close();
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    rmSync(dir, {recursive: true, force: true});
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as {port: number}).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
