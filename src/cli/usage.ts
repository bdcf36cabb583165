/** Usage errors of `perfspec` commands: printed with the command's help, exit status 2 (not 1, a failed run). */

/** A mistake in the command line, as opposed to a failure while running. */
export class UsageError extends Error {}

/** Runs `check`, turning what it throws into a UsageError (the option converters of optionValues.ts throw plain errors). */
export function asUsage<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A UsageError, or one of parseArgs' own (unknown option, missing value: codes ERR_PARSE_ARGS_*). */
export function isUsageError(error: unknown): boolean {
  return error instanceof UsageError || Boolean((error as {code?: string})?.code?.startsWith("ERR_PARSE_ARGS"));
}

/**
 * The command's settings from `parse`, or, on a usage error, the message and help printed and 2 to return.
 * @example const settings = settingsOr2("detect", HELP, () => parseSettings(argv)); if (settings === 2) return 2;
 */
export function settingsOr2<S>(command: string, help: string, parse: () => S): S | 2 {
  try {
    return parse();
  } catch (error) {
    if (!isUsageError(error)) throw error;
    console.error(`perfspec ${command}: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
}
