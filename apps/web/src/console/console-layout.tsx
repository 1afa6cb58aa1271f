import { createContext, useContext, useEffect, useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';

import type { AdministratorView } from '@coffer/contracts';

import { api, ApiError } from '../api';
import { ErrorMessage } from '../ui/forms';

const AdministratorContext = createContext<AdministratorView | undefined>(undefined);

/** The signed-in administrator, for pages that depend on the role. */
export function useAdministrator(): AdministratorView {
  const administrator = useContext(AdministratorContext);
  if (!administrator) throw new Error('outside the console layout');
  return administrator;
}

/** The console's frame: who is signed in, the navigation, sign-out; sends strangers to sign in. */
export default function ConsoleLayout() {
  const navigate = useNavigate();
  const [administrator, setAdministrator] = useState<AdministratorView>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    api<{ administrator: AdministratorView }>('GET', '/api/console/me').then(
      (me) => setAdministrator(me.administrator),
      (caught: unknown) => {
        if (caught instanceof ApiError && caught.status === 401) navigate('/console/sign-in');
        else setError(caught);
      },
    );
  }, [navigate]);

  async function signOut() {
    await api('POST', '/api/console/logout').catch(() => undefined);
    navigate('/console/sign-in');
  }

  if (!administrator)
    return <main className="page">{error ? <ErrorMessage error={error} /> : <p>Loading…</p>}</main>;
  return (
    <AdministratorContext.Provider value={administrator}>
      <header className="console-header">
        <span>
          Coffer management console — {administrator.email} (
          {administrator.role === 'cloud-administrator'
            ? 'Cloud Administrator'
            : 'Product Administrator'}
          )
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Console" className="console-nav">
        <NavLink to="/console/users">Users</NavLink>
        <NavLink to="/console/profiles">Profiles</NavLink>
        {administrator.role === 'cloud-administrator' && (
          <NavLink to="/console/administrators">Manage Administrators</NavLink>
        )}
        <NavLink to="/console/pst-exports">PST exports</NavLink>
        <NavLink to="/console/audit">Audit Trails</NavLink>
        <NavLink to="/console/settings/apis">Settings → APIs</NavLink>
        {administrator.role === 'cloud-administrator' && (
          <NavLink to="/console/settings/sso">Settings → SSO</NavLink>
        )}
      </nav>
      <Outlet />
    </AdministratorContext.Provider>
  );
}
