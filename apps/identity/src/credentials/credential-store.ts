import type { SignInDirectory, SignInDocument } from '../sign-in/sign-in-directory';

/**
 * Password hashes live on the account's sign-in document and only there: never in an event,
 * so the event streams can be published, replayed and audited without carrying a secret, and
 * a sign-in reads the hash with the account in one read.
 */
export class CredentialStore {
  constructor(private readonly directory: SignInDirectory) {}

  /** `key` is the account's `signInKey`; the hash is stored for `accountId` alone. */
  setPassword(key: string, accountId: string, hash: string): Promise<void> {
    return this.directory.setCredential(key, accountId, hash);
  }

  /** The hash on a sign-in document, if it was set for this very account. */
  static hashOf(document: SignInDocument | undefined, accountId: string): string | undefined {
    const credential = document?.credential;
    return credential && credential.accountId === accountId ? credential.hash : undefined;
  }
}
