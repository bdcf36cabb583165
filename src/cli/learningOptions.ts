/** The options `perfspec train` and `perfspec evaluate` share, parsed together with a command's own ones. */
import {parseArgs, type ParseArgsConfig} from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** --model, --data (repeatable), --json and -h/--help. */
const SHARED = {
  model: {type: "string"},
  data: {type: "string", multiple: true},
  json: {type: "boolean", default: false},
  help: {type: "boolean", short: "h", default: false}
} as const satisfies Options;

/**
 * Parse `argv` with the shared options plus `options`; unknown options throw.
 * @example const values = parseLearningArgs(argv, {window: {type: "string", default: "2"}}) // values.model, values.window
 */
export function parseLearningArgs<O extends Options>(argv: string[], options: O) {
  return parseArgs({args: argv, options: {...SHARED, ...options}}).values;
}
