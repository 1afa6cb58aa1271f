import { useCallback, useEffect, useState } from 'react';

import type { ProfileView } from '@coffer/contracts';

import { api } from '../api';
import { ErrorMessage, Page } from '../ui/forms';

/**
 * Profiles: the list, each profile's summary, and User Privacy & Access → Edit → Allow restore
 * from web browser / Share → Save. The answer says whether sign-in already follows the change.
 */
export default function ProfilesPage() {
  const [profiles, setProfiles] = useState<ProfileView[]>([]);
  const [open, setOpen] = useState<string>();
  const [error, setError] = useState<unknown>();

  const load = useCallback(async () => {
    setProfiles(await api<ProfileView[]>('GET', '/api/console/profiles'));
  }, []);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  return (
    <Page title="Profiles">
      <ErrorMessage error={error} />
      <ul className="profiles">
        {profiles.map((profile) => (
          <li key={profile.id}>
            <button
              type="button"
              aria-expanded={open === profile.id}
              onClick={() => setOpen(open === profile.id ? undefined : profile.id)}
            >
              {profile.name}
            </button>{' '}
            {profile.memberCount} user{profile.memberCount === 1 ? '' : 's'}
            {open === profile.id && <ProfileSummary profile={profile} onSaved={load} />}
          </li>
        ))}
      </ul>
    </Page>
  );
}

function ProfileSummary({
  profile,
  onSaved,
}: {
  profile: ProfileView;
  onSaved: () => Promise<void>;
}) {
  const [editing, setEditing] = useState(false);
  const [allowWebRestore, setAllowWebRestore] = useState(profile.allowWebRestore);
  const [allowShare, setAllowShare] = useState(profile.allowShare);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>();

  async function save() {
    setError(undefined);
    try {
      const answer = await api<{ appliedToSignIn: boolean; message?: string }>(
        'PATCH',
        `/api/console/profiles/${profile.id}/access`,
        { allowWebRestore, allowShare },
      );
      setNotice(
        answer.appliedToSignIn
          ? 'Saved: the next sign-in follows it.'
          : (answer.message ?? 'Saved.'),
      );
      setEditing(false);
      await onSaved();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-label={`Profile Summary: ${profile.name}`} className="summary">
      <h2>Profile Summary</h2>
      <p>
        Data sources: {profile.dataSources.length > 0 ? profile.dataSources.join(', ') : 'none'}
      </p>
      <h3>User Privacy &amp; Access</h3>
      {editing ? (
        <>
          <p>
            <label>
              <input
                type="checkbox"
                checked={allowWebRestore}
                onChange={(e) => setAllowWebRestore(e.target.checked)}
              />{' '}
              Allow restore from web browser
            </label>
          </p>
          <p>
            <label>
              <input
                type="checkbox"
                checked={allowShare}
                onChange={(e) => setAllowShare(e.target.checked)}
              />{' '}
              Share
            </label>
          </p>
          <button type="button" onClick={save}>
            Save
          </button>
        </>
      ) : (
        <>
          <p>Restore from web browser: {profile.allowWebRestore ? 'allowed' : 'not allowed'}</p>
          <p>Share: {profile.allowShare ? 'allowed' : 'not allowed'}</p>
          <button type="button" onClick={() => setEditing(true)}>
            Edit
          </button>
        </>
      )}
      <ErrorMessage error={error} />
      {notice && <p role="status">{notice}</p>}
    </section>
  );
}
