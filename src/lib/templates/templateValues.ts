/** What a template's `<*>` stood for in one line: the variable values, read back by matching the template. */
import {WILDCARD} from "./drain.js";

const cache = new Map<string, RegExp>();

/** The template as a pattern: constants literal, runs of spaces as any whitespace, each `<*>` a lazy group. */
function patternOf(template: string): RegExp {
  let pattern = cache.get(template);
  if (!pattern) {
    const parts = template.split(WILDCARD).map((part) =>
      part
        .split(/\s+/)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("\\s*")
    );
    pattern = new RegExp(`^\\s*${parts.join("(.*?)")}\\s*$`, "s");
    if (cache.size > 10_000) cache.clear();
    cache.set(template, pattern);
  }
  return pattern;
}

/**
 * The values at a template's `<*>` in a line's content, or null when the content does not fit the template (Spell
 * splits on `=:,` too, so its templates may not read back).
 * @example templateValues("Received block <*> of size <*>", "Received block blk_1 of size 42") // ["blk_1", "42"]
 */
export function templateValues(template: string, content: string): string[] | null {
  const match = patternOf(template).exec(content);
  return match ? match.slice(1) : null;
}
