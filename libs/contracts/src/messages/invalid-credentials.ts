/**
 * The one answer to every failed credential check, on every surface and in every service, so it
 * never tells whether an account exists. The text is the one inSync users know.
 */
export const INVALID_CREDENTIALS = {
  code: 'invalid-credentials',
  message: 'Invalid email-id\\username or password',
} as const;
