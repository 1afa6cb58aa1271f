import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';

import type { Capabilities, UserView } from '@coffer/contracts';

import { api, ApiError } from '../api';
import { ErrorMessage, Page } from '../ui/forms';

interface PortalMe {
  user: UserView;
  capabilities: Capabilities;
}

/** The user's home: the Data Sources tab only when their profile allows restore from the web. */
export default function PortalHome() {
  const navigate = useNavigate();
  const [me, setMe] = useState<PortalMe>();
  const [tab, setTab] = useState<'home' | 'data-sources'>('home');
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    api<PortalMe>('GET', '/api/portal/me').then(setMe, (caught: unknown) => {
      if (caught instanceof ApiError && caught.status === 401) navigate('/portal/sign-in');
      else setError(caught);
    });
  }, [navigate]);

  async function signOut() {
    await api('POST', '/api/portal/logout').catch(() => undefined);
    navigate('/portal/sign-in');
  }

  if (!me)
    return (
      <Page title="Web portal">{error ? <ErrorMessage error={error} /> : <p>Loading…</p>}</Page>
    );
  return (
    <Page title={`Welcome, ${me.user.name}`}>
      <nav aria-label="Portal" className="tabs">
        <button type="button" aria-pressed={tab === 'home'} onClick={() => setTab('home')}>
          Home
        </button>
        {me.capabilities.dataSources && (
          <button
            type="button"
            aria-pressed={tab === 'data-sources'}
            onClick={() => setTab('data-sources')}
          >
            Data Sources
          </button>
        )}
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </nav>
      {tab === 'home' ? (
        <section aria-label="Home">
          <p>Signed in as {me.user.email}.</p>
          <p>Share: {me.capabilities.share ? 'allowed' : 'not allowed for your account'}.</p>
        </section>
      ) : (
        <section aria-label="Data Sources">
          <p>Your backed-up devices and mailboxes; restore them from your browser.</p>
        </section>
      )}
    </Page>
  );
}
