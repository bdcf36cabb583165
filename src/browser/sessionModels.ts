/**
 * Models trained on the Train page of this browser tab, remembered in sessionStorage (summary metrics only) so
 * the Metrics page can list them beside the shipped ones. Another tab, or a closed tab, does not see them.
 */
const KEY = "perfspec.trainedModels";

export interface SessionModel {
  name: string;
  metrics: {
    n: number;
    accuracy: number;
    top5: number;
    macroF1: number;
    weightedF1: number;
    ci: {accuracy: [number, number]; macroF1: [number, number]};
  };
  settings: Record<string, unknown>;
}

/** The models trained in this tab, oldest first. */
export function trainedModels(): SessionModel[] {
  try {
    const list = JSON.parse(sessionStorage.getItem(KEY) ?? "[]");
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** Remember one trained model (its summary metrics) for this tab. */
export function rememberTrainedModel(model: SessionModel): void {
  const {metrics} = model;
  const summary = {
    n: metrics.n,
    accuracy: metrics.accuracy,
    top5: metrics.top5,
    macroF1: metrics.macroF1,
    weightedF1: metrics.weightedF1,
    ci: metrics.ci
  };
  try {
    sessionStorage.setItem(KEY, JSON.stringify([...trainedModels(), {...model, metrics: summary}].slice(-20)));
  } catch {
    // Storage can be full or disabled; the Metrics page then simply does not list this run.
  }
}
