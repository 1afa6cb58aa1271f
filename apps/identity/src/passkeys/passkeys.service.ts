import {
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';

import type {
  PasskeyChallenge,
  PasskeyCreationOptions,
  PasskeyRegistrationOptionsRequest,
  PasskeyView,
  RegisterPasskeyRequest,
  RemovePasskeyRequest,
} from '@coffer/contracts';
import { ServiceError } from '@coffer/service-kit';

import { MAX_PASSKEYS } from '../administrators/administrator.decider';
import type { AdministratorCommands } from '../shared/identity-command-handlers';
import type { IdentityReadModel } from '../shared/identity-read-model';
import type { Sessions } from '../sign-in/sessions';
import type { SignInDirectory } from '../sign-in/sign-in-directory';
import { signInKey } from '../sign-in/sign-in-key';
import { CHALLENGE_LIFETIME_MS, type PasskeyChallenges } from './passkey-challenges';
import { userHandleOf } from './passkey-factor';
import { type PasskeyEntry, passkeyIdOf, passkeysOf, type PasskeyStore } from './passkey-store';
import type { RelyingParty } from './relying-party';

const administratorNotFound = () =>
  new ServiceError(
    'administrator-not-found',
    'There is no such administrator in your organisation.',
  );

const registrationFailed = (why: string) =>
  new ServiceError('passkey-registration-failed', `The passkey could not be registered: ${why}`);

const limitReached = () =>
  new ServiceError(
    'passkey-limit-reached',
    `An account has at most ${MAX_PASSKEYS} passkeys: remove one before adding another.`,
  );

/**
 * An administrator's own passkeys: registration (discoverable, so it can also sign in without
 * a password), the list and removal. Each change is an event on the administrator's stream;
 * neither the events nor this service's errors carry a key, a credential id or a challenge.
 */
export class PasskeysService {
  constructor(
    private readonly deps: {
      readModel: IdentityReadModel;
      directory: SignInDirectory;
      store: PasskeyStore;
      challenges: PasskeyChallenges;
      relyingParty: RelyingParty;
      sessions: Sessions;
      administrators: AdministratorCommands;
    },
    private readonly now: () => Date = () => new Date(),
  ) {}

  async registrationOptions(
    request: PasskeyRegistrationOptionsRequest,
  ): Promise<PasskeyChallenge<PasskeyCreationOptions>> {
    const { facts, document } = await this.account(request.orgId, request.context.actor.id);
    const listed = passkeysOf(document, facts.id);
    if (listed.length >= MAX_PASSKEYS) throw limitReached();
    const { challengeId, challenge } = await this.deps.challenges.issue('register', facts.id);
    const options = await generateRegistrationOptions({
      rpName: this.deps.relyingParty.name,
      rpID: this.deps.relyingParty.id,
      userName: facts.email,
      userDisplayName: facts.name,
      userID: new Uint8Array(Buffer.from(userHandleOf(facts.id), 'base64url')),
      // As bytes: the library would encode a string's characters, not decode them.
      challenge: new Uint8Array(Buffer.from(challenge, 'base64url')),
      timeout: CHALLENGE_LIFETIME_MS,
      attestationType: 'none',
      excludeCredentials: listed.map((entry) => ({
        id: entry.credentialId,
        ...(entry.transports ? { transports: entry.transports } : {}),
      })),
      // Discoverable, so "Sign in with a passkey" needs no email first.
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    });
    return { challengeId, options: options as PasskeyCreationOptions };
  }

  async register(request: RegisterPasskeyRequest): Promise<PasskeyView> {
    const { facts, document } = await this.account(request.orgId, request.context.actor.id);
    const challenge = await this.deps.challenges.take(request.challengeId, 'register', facts.id);
    if (!challenge)
      throw registrationFailed('the request expired or was already used; start again.');
    if (!document || passkeysOf(document, facts.id).length >= MAX_PASSKEYS) throw limitReached();
    let credential;
    try {
      const result = await verifyRegistrationResponse({
        response: request.credential as RegistrationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.deps.relyingParty.origin,
        expectedRPID: this.deps.relyingParty.id,
        requireUserVerification: false,
      });
      if (!result.verified) throw new Error('not verified');
      credential = result.registrationInfo.credential;
    } catch {
      throw registrationFailed('the browser’s answer did not match the request; try again.');
    }
    if (await this.deps.store.credential(credential.id))
      throw new ServiceError('passkey-exists', 'This passkey is already registered.');
    const now = this.now();
    const transports = credential.transports?.map(String);
    const entry: PasskeyEntry = {
      id: passkeyIdOf(credential.id),
      credentialId: credential.id,
      name: request.name,
      createdAt: now,
      ...(transports ? { transports } : {}),
    };
    // Stored before its event, as a password hash or a TOTP secret is; taken back if refused.
    await this.deps.store.add(
      document,
      {
        _id: credential.id,
        accountId: facts.id,
        orgId: facts.orgId,
        signInKey: document._id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        ...(transports ? { transports } : {}),
        createdAt: now,
      },
      entry,
    );
    try {
      await this.deps.administrators.handle(
        facts.id,
        facts.orgId,
        { type: 'RegisterPasskey', passkeyId: entry.id, name: entry.name },
        request.context,
        { notFound: administratorNotFound, retryOnConflict: true },
      );
    } catch (error) {
      const current = await this.deps.directory.get(document._id);
      if (current) await this.deps.store.remove(current, facts.id, entry);
      throw error;
    }
    if (request.sessionToken) await this.deps.sessions.markAuthenticated(request.sessionToken);
    return viewOf(entry, null);
  }

  async list(orgId: string, administratorId: string): Promise<{ passkeys: PasskeyView[] }> {
    const { facts, document } = await this.account(orgId, administratorId);
    const passkeys = await Promise.all(
      passkeysOf(document, facts.id).map(async (entry) => {
        const credential = await this.deps.store.credential(entry.credentialId);
        return viewOf(entry, credential?.lastUsedAt ?? null);
      }),
    );
    return { passkeys };
  }

  /** Unlisted first, so a removal cut short still stops the passkey; then the event. */
  async remove(request: RemovePasskeyRequest): Promise<{ removed: true }> {
    const { facts, document } = await this.account(request.orgId, request.context.actor.id);
    const entry = passkeysOf(document, facts.id).find(({ id }) => id === request.passkeyId);
    if (!document || !entry)
      throw new ServiceError('passkey-not-found', 'There is no such passkey on your account.');
    await this.deps.store.remove(document, facts.id, entry);
    await this.deps.administrators.handle(
      facts.id,
      facts.orgId,
      { type: 'RemovePasskey', passkeyId: entry.id },
      request.context,
      { notFound: administratorNotFound, retryOnConflict: true },
    );
    return { removed: true };
  }

  /** The administrator of this organisation, and their sign-in document. */
  private async account(orgId: string, administratorId: string | undefined) {
    const administrator = administratorId
      ? await this.deps.readModel.administratorById(administratorId)
      : undefined;
    if (!administrator || administrator.orgId !== orgId) throw administratorNotFound();
    const document = await this.deps.directory.get(signInKey('console', administrator.email));
    const facts = document?.account;
    if (!facts || facts.id !== administrator.id) throw administratorNotFound();
    return { facts, document };
  }
}

function viewOf(entry: PasskeyEntry, lastUsedAt: Date | null): PasskeyView {
  return {
    id: entry.id,
    name: entry.name,
    createdAt: new Date(entry.createdAt).toISOString(),
    lastUsedAt: lastUsedAt ? new Date(lastUsedAt).toISOString() : null,
  };
}
