/** Reading named entries of an ArtifactFiles map with errors that name the file. */
import type {ArtifactFiles} from "./predictor.js";

/** The text of `name`, decoding bytes as UTF-8. */
export function textFile(files: ArtifactFiles, name: string): string {
  const value = files[name];
  if (value === undefined) throw new Error(`${name}: missing from the model artifact`);
  return typeof value === "string" ? value : new TextDecoder().decode(value);
}

/** The bytes of `name`, encoding text as UTF-8. */
export function bytesFile(files: ArtifactFiles, name: string): Uint8Array {
  const value = files[name];
  if (value === undefined) throw new Error(`${name}: missing from the model artifact`);
  return typeof value === "string" ? new TextEncoder().encode(value) : value;
}

/** JSON.parse with an error naming the file (truncated or corrupt files fail here). */
export function parseJsonFile(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${name}: not valid JSON, the file is truncated or corrupt (${(error as Error).message})`, {
      cause: error
    });
  }
}
