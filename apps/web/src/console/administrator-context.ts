import { createContext, useContext } from 'react';

import type { AdministratorView } from '@coffer/contracts';

export const AdministratorContext = createContext<AdministratorView | undefined>(undefined);

/** The signed-in administrator, for pages that depend on the role. */
export function useAdministrator(): AdministratorView {
  const administrator = useContext(AdministratorContext);
  if (!administrator) throw new Error('outside the console layout');
  return administrator;
}

export function isCloudAdministrator(administrator: AdministratorView): boolean {
  return administrator.role === 'cloud-administrator';
}
