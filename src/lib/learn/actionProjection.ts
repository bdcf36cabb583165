/**
 * The map of what a model learned about actions: each action's learned vector (a row of the LSTM's projection
 * kernel) reduced to two dimensions by PCA, with the action's verb for colour and its frequency rank for labels.
 */
import {actionParts} from "../actionParts.js";
import {pca} from "./pca.js";
import {PAD_ID, UNK_ID, type Vocabulary} from "./vocabulary.js";

export interface ProjectedAction {
  x: number;
  y: number;
  action: string;
  verb: string;
  /** Higher for more frequent actions (ids are in frequency order): labels go to the highest first. */
  count: number;
}

/**
 * Every action of `vocabulary` but PAD and UNK at the first two principal components of its vector
 * (`vectors[id]`), with the share of variance each component explains.
 * @example projectActions(actionVectors(lstm), vocabulary).explained // [0.31, 0.12]
 */
export function projectActions(
  vectors: readonly ArrayLike<number>[],
  vocabulary: Pick<Vocabulary, "actions">
): {points: ProjectedAction[]; explained: number[]} {
  const ids = vocabulary.actions.map((_, id) => id).filter((id) => id !== PAD_ID && id !== UNK_ID);
  const projection = pca(
    ids.map((id) => vectors[id]),
    2
  );
  const points = ids.map((id, i) => ({
    x: projection.coordinates[i][0],
    y: projection.coordinates[i][1],
    action: vocabulary.actions[id],
    verb: actionParts(vocabulary.actions[id]).verb,
    count: vocabulary.actions.length - id
  }));
  return {points, explained: projection.explained};
}
