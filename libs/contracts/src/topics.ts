/**
 * Every topic the services exchange, in one place. Events of one aggregate are keyed by its
 * id so they stay in order in one partition. Topic names get the deployment's prefix
 * (empty in production, a per-run namespace in tests) through `topicName`.
 */
export const Topics = {
  identityEvents: 'identity.events',
  identityAuth: 'identity.auth',
  profilesEvents: 'profiles.events',
  tokensEvents: 'tokens.events',
  pstExportEvents: 'pst-export.events',
} as const;

export type TopicKey = keyof typeof Topics;
export type TopicBaseName = (typeof Topics)[TopicKey];

export function topicName(prefix: string, base: TopicBaseName): string {
  return `${prefix}${base}`;
}

/** Malformed messages from topic T are parked on T + this suffix, with the reason in a header. */
export const DEAD_LETTER_SUFFIX = '.dead-letter';
