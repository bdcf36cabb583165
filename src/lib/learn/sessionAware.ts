/**
 * Optional extension of Predictor: models that read the session as well as the window, that is who acts (the
 * session key, its user) and everything the session did before the predicted action. All of it is known when
 * the prediction is made: the history holds only actions before the target, never the target or anything after.
 * Such a model still answers plain predict(contexts) (then the window is all the history it has), so the
 * detector, `perfspec predict` and the pages use it like any other model.
 */
import type {FitCallbacks, FitResult, Predictor} from "./predictor.js";
import type {Session} from "./sequences.js";
import type {ActionWindow} from "./windows.js";
import {encode, type Vocabulary} from "./vocabulary.js";
import {encodeContext} from "./windows.js";

/** Who acts in a session. */
export interface SessionActor {
  session: string;
  user: string | null;
  namespace: string | null;
}

/** One training sequence of ids with its session. */
export interface ActorSequence {
  actor: SessionActor;
  ids: readonly number[];
}

/** One prediction: the window's ids, who acts, and the ids of every earlier action of the session, oldest first. */
export interface SessionQuery {
  context: readonly number[];
  actor: SessionActor;
  history: ArrayLike<number>;
}

export interface SessionAware {
  fitSessions(sequences: readonly ActorSequence[], callbacks?: FitCallbacks): Promise<FitResult>;
  predictInSessions(queries: readonly SessionQuery[]): Float32Array[];
}

/** Whether `model` reads sessions. */
export function isSessionAware(model: Predictor): model is Predictor & SessionAware {
  const m = model as Partial<SessionAware>;
  return typeof m.fitSessions === "function" && typeof m.predictInSessions === "function";
}

/** The actor of a session (user and namespace when all its records share them). */
export function actorOf(session: Pick<Session, "key" | "user" | "namespace">): SessionActor {
  return {session: session.key, user: session.user ?? null, namespace: session.namespace ?? null};
}

/**
 * The queries of `windows`, each with the earlier actions of its session (looked up by key in `sessions`).
 * @example sessionQueries(vocabulary, experiment.split.testWindows, experiment.sessions)
 */
export function sessionQueries(
  vocabulary: Vocabulary,
  windows: readonly ActionWindow[],
  sessions: readonly Session[]
): SessionQuery[] {
  const byKey = new Map(
    sessions.map((s) => [s.key, {actor: actorOf(s), ids: Int32Array.from(encode(vocabulary, s.actions))}])
  );
  return windows.map((w) => {
    const s = byKey.get(w.session);
    if (!s) throw new Error(`window of session "${w.session}" has no such session`);
    return {context: encodeContext(vocabulary, w.context), actor: s.actor, history: s.ids.subarray(0, w.index)};
  });
}
