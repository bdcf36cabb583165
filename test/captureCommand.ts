/** Test helper: run a `perfspec` command module in this process with console.log and console.error captured. */
import {mock} from "node:test";

/** The exit code and what the command printed (each call's arguments joined by spaces, calls by newlines). */
export async function runCaptured(
  run: (argv: string[]) => Promise<number>,
  argv: string[]
): Promise<{code: number; stdout: string; stderr: string}> {
  const log = mock.method(console, "log", () => {});
  const error = mock.method(console, "error", () => {});
  try {
    const code = await run(argv);
    const text = (m: typeof log) => m.mock.calls.map((c) => c.arguments.join(" ")).join("\n");
    return {code, stdout: text(log), stderr: text(error)};
  } finally {
    log.mock.restore();
    error.mock.restore();
  }
}
