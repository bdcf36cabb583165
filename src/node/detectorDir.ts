/** A saved detector: the model folder `perfspec train` writes, plus `detector.json` (actor profile, session tails). */
import {readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {serializeArtifact} from "../lib/learn/artifact.js";
import {ActorProfile, type ActorProfileJson} from "../lib/detect/actorProfile.js";
import type {AuditDetector} from "../lib/detect/auditDetector.js";
import {ACTOR_SESSIONS, type ActorSessions} from "../lib/detect/detectEvent.js";
import type {SessionMode} from "../lib/learn/sequences.js";
import type {CleaningPolicy} from "../lib/ingest/cleaningPolicy.js";
import {writeArtifactDir} from "./artifact.js";

export const DETECTOR_FILE = "detector.json";

interface DetectorJson {
  format: "perfspec-detector";
  version: 1;
  sessions: ActorSessions;
  tails: Record<string, string[]>;
  profile: ActorProfileJson | null;
}

/**
 * Writes the detector's model as a model folder (loadable by every command) and, for an audit detector,
 * `detector.json` beside it (a key-sequence detector is its model: the end-of-session key is in its vocabulary).
 * `policy`: the cleaning policy of an audit detector's events, recorded in config.json like a trained model's.
 * @example await writeDetectorDir("models/detector", detector, ["benign.log"], resolvePolicy({preset: "security"}))
 */
export async function writeDetectorDir(
  dir: string,
  detector: Pick<AuditDetector, "model" | "vocabulary"> & Partial<AuditDetector>,
  source: string[],
  policy?: CleaningPolicy
): Promise<void> {
  const {model, vocabulary, sessions, profile, tails} = detector;
  // The artifact schema knows global/user/namespace sessions; detector.json keeps the detector's own mode.
  const session = (
    sessions === undefined ? "global" : sessions === "user-namespace" ? "user" : sessions
  ) as SessionMode;
  const files = await serializeArtifact({
    model,
    vocabulary,
    config: {
      kind: model.kind,
      window: model.window,
      session,
      hyperparameters: {},
      seed: 0,
      data: policy === undefined ? {source} : {source, policy},
      vocabularySize: vocabulary.actions.length,
      createdAt: new Date().toISOString()
    },
    split: {
      source,
      kind: "chrono",
      session,
      window: model.window,
      testFraction: 0,
      seed: 0,
      counts: {actions: 0, trainWindows: 0, testWindows: 0, trainSequences: 0, testSessions: 0},
      fitMethod: "detector: every benign action"
    }
  });
  await writeArtifactDir(dir, files);
  if (sessions === undefined) return; // a key-sequence detector: the model folder is all of it
  const json: DetectorJson = {
    format: "perfspec-detector",
    version: 1,
    sessions,
    tails: tails ?? {},
    profile: profile?.toJSON() ?? null
  };
  await writeFile(join(dir, DETECTOR_FILE), JSON.stringify(json) + "\n");
}

/** What `detector.json` adds to a model folder, or null when the folder has none (a plain model folder). */
export async function readDetectorExtras(
  dir: string
): Promise<Pick<AuditDetector, "sessions" | "tails" | "profile"> | null> {
  const path = join(dir, DETECTOR_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return null;
  }
  try {
    const json = JSON.parse(text) as Partial<DetectorJson>;
    if (json.format !== "perfspec-detector" || !ACTOR_SESSIONS.includes(json.sessions as ActorSessions))
      throw new Error("not a perfspec detector file");
    return {
      sessions: json.sessions as ActorSessions,
      tails: json.tails ?? {},
      profile: json.profile ? ActorProfile.fromJSON(json.profile) : null
    };
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, {cause: error});
  }
}
