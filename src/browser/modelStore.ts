/**
 * Models trained on the Train page, kept in this browser (IndexedDB, through idb-keyval) so that they survive a
 * reload and every page that offers models offers them too: the Metrics page (scores, per action, confusion
 * matrix), Predictions and the explorer of Inside the LSTM. Nothing leaves the browser. A run with the same
 * settings replaces the previous one of that name.
 */
import {createStore, del, get, set, values} from "idb-keyval";
import type {ArtifactBundle} from "../lib/learn/artifactBundle.js";
import type {ModelEntry} from "../lib/learn/modelEntry.js";

export interface StoredModel {
  entry: ModelEntry;
  bundle: ArtifactBundle;
  /** When it was trained (ISO 8601). */
  savedAt: string;
}

const store = () => createStore("perfspec-workspace", "trained-models");

/** The label pages show for a model trained in this browser. */
export const trainedLabel = (name: string) => `${name} (trained in this browser)`;

export async function saveTrainedModel(model: StoredModel): Promise<void> {
  await set(model.entry.name, model, store());
}

/** Every model trained in this browser, oldest first; none when storage is unavailable (private windows). */
export async function trainedModels(): Promise<StoredModel[]> {
  try {
    const all = await values<StoredModel>(store());
    return all.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
  } catch {
    return [];
  }
}

export async function trainedModel(name: string): Promise<StoredModel | undefined> {
  return get<StoredModel>(name, store());
}

export async function forgetTrainedModel(name: string): Promise<void> {
  await del(name, store());
}
