/**
 * Who acted where, for each step of a window's context: the user and namespace of the records behind the
 * context's actions, looked up in the window's session by its position (ActionWindow.session and .index), so
 * the split and the windows stay as they are. PAD steps (before the session start) have no attributes (null).
 * Models that read them implement AttributeAware; fitSplit and evaluateModel hand them the attributes.
 * @example windowAttributes(experiment.sessions, experiment.split.testWindows, 2)[0] // [null, {user: "alice", namespace: "dev"}]
 */
import type {FitCallbacks, FitResult, Predictor} from "./predictor.js";
import type {Session} from "./sequences.js";
import type {ActionWindow} from "./windows.js";
import type {IdWindows} from "./windowFit.js";

export interface StepAttributes {
  user: string | null;
  namespace: string | null;
}

/** Per window, per context step (oldest first): the step's attributes, or null for a PAD step. */
export type ContextAttributes = (StepAttributes | null)[][];

/** A model that also reads the context's attributes (the context model). */
export interface AttributeAware {
  fitAttributed(windows: IdWindows & {attributes: ContextAttributes}, callbacks?: FitCallbacks): Promise<FitResult>;
  predictAttributed(contexts: readonly (readonly number[])[], attributes: ContextAttributes): Float32Array[];
}

/** Whether `model` reads attributes. */
export function readsAttributes(model: Predictor): model is Predictor & AttributeAware {
  return typeof (model as Partial<AttributeAware>).predictAttributed === "function";
}

/** The attributes of the `window` steps before each window's target, from the sessions the windows came from. */
export function windowAttributes(
  sessions: readonly Session[],
  windows: readonly ActionWindow[],
  window: number
): ContextAttributes {
  const byKey = new Map(sessions.map((s) => [s.key, s]));
  return windows.map((w) => {
    const session = byKey.get(w.session);
    const out: (StepAttributes | null)[] = [];
    for (let j = 0; j < window; j++) {
      const k = w.index - window + j;
      out.push(
        k >= 0 && session ? {user: session.users?.[k] ?? null, namespace: session.namespaces?.[k] ?? null} : null
      );
    }
    return out;
  });
}
