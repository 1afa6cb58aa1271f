/**
 * The one answer to every failed credential check, on every surface and in every service, so it
 * never tells whether an account exists. The text is the one inSync users know.
 */
export const INVALID_CREDENTIALS = {
  code: 'invalid-credentials',
  message: 'Invalid email-id\\username or password',
} as const;

/** The one answer to a SAML response we cannot accept, whatever was wrong with it (the audit says what). */
export const SAML_INVALID = {
  code: 'saml-invalid',
  message:
    'The sign-in answer from your identity provider could not be accepted. Start the sign-in again.',
} as const;
