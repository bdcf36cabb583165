/** Checked conversions of command-line option values, each failing with a message that names the option. */

/** `integer("5", "--window")` → 5; throws for text that is not an integer of at least `min` (default 1). */
export function integer(text: string | undefined, name: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer of at least ${min}, got "${text}"`);
  return n;
}

/** `choice("chrono", ["chrono", "random"], "--split")` → "chrono"; throws for any other value. */
export function choice<T extends string>(text: string | undefined, options: readonly T[], name: string): T {
  if (!options.includes(text as T)) throw new Error(`${name} must be one of ${options.join(", ")}, got "${text}"`);
  return text as T;
}
