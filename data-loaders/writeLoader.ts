/** The common ends of every loader program: its route parameters in, its output out. */
import {parseArgs} from "node:util";

/**
 * A parameter of a parameterised route, which Framework passes as `--name=value`.
 * @example loaderParam("name") // "ngram-w2" for src/data/models/[name].json.ts building data/models/ngram-w2.json
 */
export function loaderParam(name: string, argv: string[] = process.argv.slice(2)): string {
  const value = parseArgs({args: argv, options: {[name]: {type: "string"}}, strict: false}).values[name];
  if (typeof value !== "string" || !value) throw new Error(`missing route parameter --${name}`);
  return value;
}

/** Run a loader: write its JSON (or bytes) to stdout, or exit non-zero with the reason on stderr. */
export async function writeLoader(name: string, produce: () => Promise<unknown>): Promise<void> {
  try {
    const value = await produce();
    process.stdout.write(value instanceof Uint8Array ? value : JSON.stringify(value));
  } catch (error) {
    console.error(`data loader (${name}): ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
