import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';

import type { PasswordAudience, PasswordRules } from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase; beyond it we refuse before hashing so a huge body costs nothing. */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * The least zxcvbn score. Administrators can export any mailbox: 3 ("safely unguessable",
 * about 10^10 guesses) holds against an offline attack on a stolen argon2id hash. End users
 * reach only their own mail, sign in behind the lockout (5 failures, then a growing wait), and
 * most sign in through SSO anyway: 2 (about 10^8 guesses, well beyond any throttled online
 * attack) on top of 12 characters and the common-password list, so a memorable passphrase passes.
 */
const MIN_STRENGTH: Record<PasswordAudience, number> = { administrator: 3, user: 2 };

const AUDIENCE_LABELS: Record<PasswordAudience, string> = {
  administrator: 'an administrator',
  user: 'a user',
};

/** The 49,000 most common passwords that zxcvbn-ts ships, compared without regard to case. */
const COMMON_PASSWORDS = new Set(
  commonDictionary.passwords.map((password) => password.toLowerCase()),
);

/**
 * zxcvbn's cost grows steeply with length and with l33t-like characters (`a1!a1!…` took 1.2 s
 * at 100 characters with its defaults, measured here), and these paths are public. So it scores
 * the first 64 characters, trying at most 5 l33t substitutions: at most about 25 ms for the
 * worst inputs measured, while `P@ssw0rd1234` still reads as `password`. A password weak in its
 * first 64 characters is refused however it ends: the safe side.
 */
const SCORED_LENGTH = 64;

zxcvbnOptions.setOptions({
  dictionary: { ...commonDictionary, ...englishDictionary },
  graphs: adjacencyGraphs,
  translations,
  l33tMaxSubstitutions: 5,
});

export function passwordRulesFor(audience: PasswordAudience): PasswordRules {
  return {
    for: audience,
    minLength: MIN_PASSWORD_LENGTH,
    maxLength: MAX_PASSWORD_LENGTH,
    minStrength: MIN_STRENGTH[audience],
    maxStrength: 4,
    refusesCommonPasswords: true,
  };
}

/**
 * Checks a new password; the message says what to change. Length counts characters, not bytes.
 * `personal` (the account's email, name) makes a password built from them weaker, as it is.
 */
export function assertAcceptablePassword(
  password: string,
  audience: PasswordAudience,
  personal: readonly string[] = [],
): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new ServiceError(
      'password-too-short',
      `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new ServiceError(
      'password-too-long',
      `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`,
    );
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    throw new ServiceError(
      'password-too-common',
      'This password is one of the most commonly used ones and easy to guess; choose another.',
    );
  }
  const scored = [...password].slice(0, SCORED_LENGTH).join('');
  const estimate = zxcvbn(scored, personalInputsOf(personal));
  const needed = MIN_STRENGTH[audience];
  if (estimate.score < needed) {
    const advice = [estimate.feedback.warning, ...estimate.feedback.suggestions]
      .filter((sentence): sentence is string => Boolean(sentence))
      .map((sentence) => (/[.!?]$/.test(sentence) ? sentence : `${sentence}.`));
    throw new ServiceError(
      'password-too-weak',
      [
        `This password is too easy to guess: its strength is ${estimate.score} of 4, and ${AUDIENCE_LABELS[audience]} needs at least ${needed}.`,
        ...(advice.length > 0
          ? advice
          : ['Add more words or characters that do not follow a pattern.']),
      ].join(' '),
    );
  }
}

/** An email counts whole and by its parts (`ada.lovelace@example.com` → ada, lovelace, example). */
function personalInputsOf(personal: readonly string[]): string[] {
  return personal
    .flatMap((input) => [input, ...input.split(/[^\p{L}\p{N}]+/u)])
    .map((input) => input.toLowerCase())
    .filter((input) => input.length >= 3);
}
