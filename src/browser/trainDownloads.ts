/**
 * What the Train page needs only after a click, kept out of its first load (JSZip, Apache Arrow): the page
 * imports this module with `import()` when a run starts or ends.
 * Example: `const {zipFolder} = await import("./browser/trainDownloads.js"); await zipFolder("lstm-w2", files)`
 */
import JSZip from "jszip";
import {FileAttachment} from "observablehq:stdlib";
import type {Table} from "apache-arrow";
import type {ArtifactFiles} from "../lib/learn/predictor.js";

/** `files` in one zip, under a folder named `name`. */
export function zipFolder(name: string, files: ArtifactFiles): Promise<Blob> {
  const zip = new JSZip();
  const folder = zip.folder(name) as JSZip;
  for (const [file, content] of Object.entries(files)) folder.file(file, content);
  return zip.generateAsync({type: "blob"});
}

/** The workspace's prepared actions table (data/prepared/actions.arrow, from the site's data loader). */
export function preparedActions(): Promise<Table> {
  return FileAttachment("../data/prepared/actions.arrow").arrow();
}
