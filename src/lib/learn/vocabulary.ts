/**
 * Action vocabulary: a stable mapping between action strings and integer ids.
 * Id 0 is start-of-sequence padding and id 1 stands for actions unseen in training, so that a model never
 * mis-indexes an action it has not learned. Built from the training part only (no test leakage).
 */
export const PAD = "<pad>";
export const UNK = "<unk>";
export const PAD_ID = 0;
export const UNK_ID = 1;

export interface Vocabulary {
  /** Id -> action; ids 0 and 1 are PAD and UNK. */
  readonly actions: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

/** Vocabulary of the actions in `sequences`, most frequent first (ties by name) after the two special tokens. */
export function buildVocabulary(sequences: Iterable<readonly string[]>): Vocabulary {
  const counts = new Map<string, number>();
  for (const sequence of sequences) for (const a of sequence) counts.set(a, (counts.get(a) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([a]) => a);
  return vocabularyFromActions([PAD, UNK, ...sorted]);
}

/** Rebuild a vocabulary from its id-ordered action list (as stored in a model artifact). */
export function vocabularyFromActions(actions: readonly string[]): Vocabulary {
  if (actions[PAD_ID] !== PAD || actions[UNK_ID] !== UNK)
    throw new Error(`vocabulary must start with ${PAD} and ${UNK}`);
  const index = new Map<string, number>();
  actions.forEach((a, i) => {
    if (index.has(a)) throw new Error(`vocabulary lists "${a}" twice`);
    index.set(a, i);
  });
  return {actions, index};
}

/** Ids of `sequence`, with unseen actions mapped to UNK_ID. */
export function encode(vocabulary: Vocabulary, sequence: readonly string[]): number[] {
  return sequence.map((a) => vocabulary.index.get(a) ?? UNK_ID);
}
