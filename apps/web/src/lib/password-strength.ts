import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

// Loaded on demand (a chunk of its own): the dictionaries are most of its weight.
zxcvbnOptions.setOptions({
  dictionary: common.dictionary,
  graphs: common.adjacencyGraphs,
});

/** zxcvbn's score, 0 (guessed at once) to 4 (very hard to guess). */
export function strengthScore(password: string, userInputs: string[] = []): number {
  return zxcvbn(password, userInputs).score;
}
