/**
 * One JSON value for a whole model artifact (text files as text, binary files as base64), so a data loader can
 * hand every file of `models/<name>/` to a page in one FileAttachment. Host-neutral (btoa/atob exist in Node and
 * browsers).
 */
import type {ArtifactFiles} from "./predictor.js";

export interface ArtifactBundle {
  format: "perfspec-artifact-bundle";
  name: string;
  files: Record<string, {text: string} | {base64: string}>;
}

/** @example bundleArtifact("ngram-w2", files).files["config.json"].text */
export function bundleArtifact(name: string, files: ArtifactFiles): ArtifactBundle {
  const out: ArtifactBundle["files"] = {};
  for (const [file, contents] of Object.entries(files))
    out[file] = typeof contents === "string" ? {text: contents} : {base64: toBase64(contents)};
  return {format: "perfspec-artifact-bundle", name, files: out};
}

/** The ArtifactFiles of a bundle (binary files as Uint8Array), ready for loadArtifact. */
export function unbundleArtifact(bundle: ArtifactBundle): ArtifactFiles {
  if (bundle?.format !== "perfspec-artifact-bundle") throw new Error("not a perfspec artifact bundle");
  const files: ArtifactFiles = {};
  for (const [file, entry] of Object.entries(bundle.files))
    files[file] = "text" in entry ? entry.text : fromBase64(entry.base64);
  return files;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
