import { z } from 'zod';

const schema = z.object({
  COFFER_SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  COFFER_SESSION_MAX_HOURS: z.coerce.number().positive().default(12),
  COFFER_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).default(5),
  COFFER_LOCKOUT_BASE_SECONDS: z.coerce.number().positive().default(30),
  COFFER_LOCKOUT_MAX_MINUTES: z.coerce.number().positive().default(15),
  COFFER_LOCKOUT_IP_THRESHOLD: z.coerce.number().int().min(1).default(50),
  COFFER_STEP_UP_MINUTES: z.coerce.number().positive().default(10),
  COFFER_MFA_GRACE_DAYS: z.coerce.number().min(0).default(7),
});

export interface IdentitySettings {
  sessionIdleMs: number;
  sessionMaxMs: number;
  lockout: { threshold: number; ipThreshold: number; baseMs: number; maxMs: number };
  /** Changing SSO, roles, another's MFA or creating tokens needs a sign-in or factor this recent. */
  stepUpMs: number;
  /** How long a new policy lets administrators without a factor sign in without one. */
  mfaGraceMs: number;
}

/** Sessions end after 30 idle minutes or 12 hours; five failures lock an account for 30 s, doubling up to 15 min. */
export function identitySettings(env: NodeJS.ProcessEnv = process.env): IdentitySettings {
  const values = schema.parse(env);
  return {
    sessionIdleMs: values.COFFER_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: values.COFFER_SESSION_MAX_HOURS * 3_600_000,
    lockout: {
      threshold: values.COFFER_LOCKOUT_THRESHOLD,
      ipThreshold: values.COFFER_LOCKOUT_IP_THRESHOLD,
      baseMs: values.COFFER_LOCKOUT_BASE_SECONDS * 1000,
      maxMs: values.COFFER_LOCKOUT_MAX_MINUTES * 60_000,
    },
    stepUpMs: values.COFFER_STEP_UP_MINUTES * 60_000,
    mfaGraceMs: values.COFFER_MFA_GRACE_DAYS * 86_400_000,
  };
}
