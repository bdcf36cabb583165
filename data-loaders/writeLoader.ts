/** The common end of every loader program. */

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
