import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

// Loaded on demand (a chunk of its own): the dictionaries are most of its weight.
zxcvbnOptions.setOptions({
  dictionary: common.dictionary,
  graphs: common.adjacencyGraphs,
});

// The list identity refuses (apps/identity/src/credentials/password-policy.ts), compared the same way.
const COMMON_PASSWORDS = new Set(
  common.dictionary.passwords.map((password: string) => password.toLowerCase()),
);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

/** zxcvbn's score, 0 (guessed at once) to 4 (very hard to guess). */
export function strengthScore(password: string, userInputs: string[] = []): number {
  return zxcvbn(password, userInputs).score;
}
