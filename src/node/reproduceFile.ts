/**
 * src/data/reproduce.json is written in sections: the full `npm run reproduce` writes them all, a section-only run
 * (`--only d`) rewrites its own section and leaves every other one as it was.
 */
import {mkdir, readFile, rename, writeFile} from "node:fs/promises";
import {dirname} from "node:path";

/**
 * Merge `sections` into the JSON object at `path` (created if missing) and write it back; other keys are kept.
 * Refuses a file that is not a JSON object rather than overwriting it.
 * @example await writeReproduceSections("src/data/reproduce.json", {d: protocolDResult})
 */
export async function writeReproduceSections(path: string, sections: Record<string, unknown>): Promise<void> {
  let existing: Record<string, unknown> = {};
  let text: string | undefined;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`${path}: not valid JSON (${(error as Error).message}); not overwriting it`, {cause: error});
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new Error(`${path}: not a JSON object; not overwriting it`);
    existing = parsed as Record<string, unknown>;
  }
  await mkdir(dirname(path), {recursive: true});
  // Write beside and rename, so an interrupted run never leaves a truncated file.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({...existing, ...sections}, null, 1) + "\n");
  await rename(temporary, path);
}
