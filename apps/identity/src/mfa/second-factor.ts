import type { MfaDocument, MfaStore } from './mfa-store';
import { normalizeRecoveryCode, recoveryCodeHash } from './recovery-codes';
import type { SecretBox } from './secret-box';
import { matchingStep } from './totp';

export type FactorUsed =
  | { kind: 'totp' }
  | { kind: 'recovery-code'; remaining: number }
  | { kind: 'passkey'; passkeyId: string };

/**
 * Checks a typed code against an account's factor: a TOTP code of the current step (±1) not
 * used before, or one of its recovery codes, each used up by the check that accepts it.
 * Undefined for every refusal alike (wrong, expired, reused, malformed).
 */
export class SecondFactor {
  constructor(
    private readonly store: MfaStore,
    private readonly box: SecretBox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async verify(
    key: string,
    mfa: MfaDocument & { totp: NonNullable<MfaDocument['totp']> },
    code: string,
  ): Promise<FactorUsed | undefined> {
    const typed = code.trim();
    const step = matchingStep(typed, this.box.open(mfa.totp.secret), this.now());
    if (step !== undefined)
      return (await this.store.acceptStep(key, mfa.accountId, mfa.totp.enrolledAt, step))
        ? { kind: 'totp' }
        : undefined;
    const recovery = normalizeRecoveryCode(typed);
    if (!recovery) return undefined;
    const hash = recoveryCodeHash(mfa.accountId, recovery);
    if (!(await this.store.useRecoveryCode(key, mfa.accountId, hash))) return undefined;
    const remaining = (mfa.recoveryCodes ?? []).filter((stored) => stored !== hash).length;
    return { kind: 'recovery-code', remaining };
  }
}
