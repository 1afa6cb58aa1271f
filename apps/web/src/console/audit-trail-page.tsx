import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

import type { AdministratorView, AuditEntryView, AuditTrailPage } from '@coffer/contracts';

import { api } from '../api';
import { ErrorMessage, Page } from '../ui/forms';

const ACTIVITY_TYPES = [
  ['', 'All activity types'],
  ['restore-download-share', 'Restore, Download, & Share'],
  ['sign-in', 'Sign-in'],
  ['user-management', 'User management'],
  ['administrator-management', 'Administrator management'],
  ['profile-management', 'Profile management'],
  ['api-tokens', 'API tokens'],
  ['sso-settings', 'SSO settings'],
] as const;

const DAY_MS = 86_400_000;

/**
 * Audit Trails, Admin and User tabs. The filters live in the URL, so a filtered view can be
 * sent to another administrator as it is. Days are whole UTC days, both ends included.
 */
export default function AuditTrailPage() {
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState<AuditTrailPage>();
  const [administrators, setAdministrators] = useState<AdministratorView[]>([]);
  const [error, setError] = useState<unknown>();
  const trail = params.get('trail') === 'user' ? 'user' : 'admin';

  const query = new URLSearchParams({ trail });
  for (const name of ['activityType', 'administratorId', 'q']) {
    const value = params.get(name);
    if (value) query.set(name, value);
  }
  const fromDay = params.get('from');
  const toDay = params.get('to');
  if (fromDay) query.set('from', `${fromDay}T00:00:00.000Z`);
  if (toDay) query.set('to', new Date(Date.parse(`${toDay}T00:00:00.000Z`) + DAY_MS).toISOString());
  const queryString = query.toString();

  const [refreshed, setRefreshed] = useState(0);
  useEffect(() => {
    setError(undefined);
    api<AuditTrailPage>('GET', `/api/console/audit-trail?${queryString}&limit=100`).then(
      setPage,
      setError,
    );
  }, [queryString, refreshed]);

  useEffect(() => {
    api<AdministratorView[]>('GET', '/api/console/administrators').then(setAdministrators, () =>
      setAdministrators([]),
    );
  }, []);

  /** The next page, appended below what is shown (the total stays the listing's). */
  async function showMore(cursor: string) {
    try {
      const next = await api<AuditTrailPage>(
        'GET',
        `/api/console/audit-trail?${queryString}&limit=100&cursor=${encodeURIComponent(cursor)}`,
      );
      setPage((shown) => shown && { ...next, entries: [...shown.entries, ...next.entries] });
    } catch (caught) {
      setError(caught);
    }
  }

  function set(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  }

  return (
    <Page title="Audit Trails">
      <nav aria-label="Trails" className="tabs">
        <button type="button" aria-pressed={trail === 'admin'} onClick={() => set('trail', '')}>
          Admin Audit Trail
        </button>
        <button type="button" aria-pressed={trail === 'user'} onClick={() => set('trail', 'user')}>
          User Audit Trail
        </button>
      </nav>
      <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Activity Type
          <select
            value={params.get('activityType') ?? ''}
            onChange={(e) => set('activityType', e.target.value)}
          >
            {ACTIVITY_TYPES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Administrator
          <select
            value={params.get('administratorId') ?? ''}
            onChange={(e) => set('administratorId', e.target.value)}
          >
            <option value="">All administrators</option>
            {administrators.map((administrator) => (
              <option key={administrator.id} value={administrator.id}>
                {administrator.email}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={fromDay ?? ''} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={toDay ?? ''} onChange={(e) => set('to', e.target.value)} />
        </label>
        <button type="button" onClick={() => setRefreshed((count) => count + 1)}>
          Refresh
        </button>
        <a className="button" href={`/api/console/audit-trail/csv?${queryString}`} download>
          Export CSV
        </a>
      </form>
      <ErrorMessage error={error} />
      {page && (
        <>
          <p role="status">
            {page.total} entr{page.total === 1 ? 'y' : 'ies'}
          </p>
          <ol className="trail">
            {page.entries.map((entry) => (
              <AuditRow key={entry.id} entry={entry} />
            ))}
          </ol>
          {page.nextCursor && (
            <button type="button" onClick={() => void showMore(page.nextCursor!)}>
              Show older entries
            </button>
          )}
        </>
      )}
    </Page>
  );
}

/** One entry; expanding it shows its details, links (a PST download link) clickable. */
function AuditRow({ entry }: { entry: AuditEntryView }) {
  return (
    <li>
      <details>
        <summary>
          <time dateTime={entry.occurredAt}>{new Date(entry.occurredAt).toLocaleString()}</time> —{' '}
          {entry.description}
        </summary>
        <dl>
          <dt>Actor</dt>
          <dd>
            {entry.actor.email ?? entry.actor.type}
            {entry.actor.ip ? ` from ${entry.actor.ip}` : ''}
          </dd>
          {Object.entries(entry.details).map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>
                {typeof value === 'string' && /^https?:\/\//.test(value) ? (
                  <a href={value}>{value}</a>
                ) : (
                  JSON.stringify(value)
                )}
              </dd>
            </div>
          ))}
        </dl>
      </details>
    </li>
  );
}
