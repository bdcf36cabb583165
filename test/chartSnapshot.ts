/**
 * Chart snapshots in the style of Observable Plot's own tests (test/plot.js there): a chart rendered in a jsdom
 * document is normalised (numbers rounded, Plot's global id counters renumbered, one element per line) and
 * compared with test/snapshots/<name>.<ext>. The first run writes the snapshot; a mismatch writes
 * <name>-changed.<ext> beside it to diff or to copy over the snapshot when the change is wanted.
 */
import {existsSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {resolve} from "node:path";
import {JSDOM} from "jsdom";

const SNAPSHOTS = resolve(import.meta.dirname, "snapshots");

/**
 * A fresh jsdom document for Plot.plot({document}). Its canvas (used by Plot's colour-ramp legends, which jsdom
 * cannot draw) records the colours painted into it, so the ramp's colours are part of the snapshot.
 */
export function chartDocument(): Document {
  const {window} = new JSDOM("");
  const painted = new WeakMap<object, string[]>();
  const canvas = window.HTMLCanvasElement.prototype as unknown as Record<string, unknown>;
  canvas.getContext = function (this: object) {
    const colours: string[] = [];
    painted.set(this, colours);
    return {
      set fillStyle(colour: string) {
        colours.push(colour);
      },
      fillRect() {}
    };
  };
  canvas.toDataURL = function (this: object) {
    const colours = painted.get(this) ?? [];
    return `data:text/plain,${colours.length} colours from ${colours[0]} to ${colours.at(-1)}`;
  };
  return window.document;
}

/** The chart's markup, independent of run order and of floating-point noise. */
export function normaliseChart(root: Element): string {
  // Plot numbers clip paths, markers and patterns with counters global to the process: renumber them per chart.
  const ids = new Map<string, string>();
  const counters = new Map<string, number>();
  for (const node of root.querySelectorAll("[id^='plot-']")) {
    const id = node.getAttribute("id")!;
    if (ids.has(id)) continue;
    const kind = id.replace(/-\d+$/, "");
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    ids.set(id, `${kind}-${n}`);
  }
  let html = root.outerHTML;
  for (const [from, to] of ids) html = html.replaceAll(`"${from}"`, `"${to}"`).replaceAll(`#${from})`, `#${to})`);
  return (
    html
      .replace(/-?\d+\.\d+(e-?\d+)?/g, (x) => `${Math.round(+x * 100) / 100}`)
      .replace(/>\s*</g, ">\n<")
      .trim() + "\n"
  );
}

/**
 * Compare the normalised chart with its snapshot; write the snapshot when there is none.
 * @returns the differences as an assertion-friendly pair, or null when they match.
 */
export function matchSnapshot(name: string, root: Element): {actual: string; expected: string} | null {
  const ext = root.tagName.toLowerCase() === "svg" ? "svg" : "html";
  const file = resolve(SNAPSHOTS, `${name}.${ext}`);
  const changed = resolve(SNAPSHOTS, `${name}-changed.${ext}`);
  const actual = normaliseChart(root);
  if (!existsSync(file)) {
    // As in Plot's tests: a missing snapshot is written locally, but is an error on CI (nothing to compare with).
    if (process.env.CI === "true") throw new Error(`${file} is missing: run the test locally and commit it`);
    writeFileSync(file, actual);
    console.warn(`! wrote ${file}`);
    return null;
  }
  const expected = readFileSync(file, "utf8");
  if (actual === expected) {
    rmSync(changed, {force: true});
    return null;
  }
  writeFileSync(changed, actual);
  console.warn(`! wrote ${changed}`);
  return {actual, expected};
}
