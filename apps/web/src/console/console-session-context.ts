import { createContext, useContext } from 'react';

import type { MfaStatus } from '@coffer/contracts';

/** What the console knows of its own session besides who it is: the second factor's state. */
export interface ConsoleSession {
  /** Absent for principals the MFA policy does not concern. */
  mfa?: MfaStatus;
  /** Signed in with a fail-safe password or a recovery code, and other administrators were told. */
  breakGlass: boolean;
  /** Asks `me` again, after enrolling for instance, so the banners follow. */
  refresh: () => Promise<void>;
}

export const ConsoleSessionContext = createContext<ConsoleSession | undefined>(undefined);

export function useConsoleSession(): ConsoleSession {
  const session = useContext(ConsoleSessionContext);
  if (!session) throw new Error('outside the console layout');
  return session;
}
