import { useCallback, useEffect, useState, type FormEvent } from 'react';

import type { PstExportView, UserView } from '@coffer/contracts';

import { api } from '../api';
import { ErrorMessage, Page } from '../ui/forms';

const REFRESH_MS = 2_000;

/** PST exports: request one for a user's backup, follow its progress, open its download page. */
export default function PstExportsPage() {
  const [exports, setExports] = useState<PstExportView[]>([]);
  const [users, setUsers] = useState<UserView[]>([]);
  const [userId, setUserId] = useState('');
  const [source, setSource] = useState<'gmail' | 'exchange-online'>('gmail');
  const [error, setError] = useState<unknown>();

  const load = useCallback(async () => {
    setExports(await api<PstExportView[]>('GET', '/api/console/pst-exports'));
  }, []);

  useEffect(() => {
    load().catch(setError);
    api<UserView[]>('GET', '/api/console/users').then(setUsers, setError);
    const timer = setInterval(() => void load().catch(() => undefined), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  async function request(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', '/api/console/pst-exports', { userId, source });
      await load();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <Page title="PST exports">
      <form onSubmit={request} aria-label="Request a PST export" className="filters">
        <label>
          User
          <select required value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">Choose a user</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.email}
              </option>
            ))}
          </select>
        </label>
        <label>
          Backup
          <select
            value={source}
            onChange={(e) => setSource(e.target.value as 'gmail' | 'exchange-online')}
          >
            <option value="gmail">Gmail</option>
            <option value="exchange-online">Exchange Online</option>
          </select>
        </label>
        <button type="submit">Export to PST</button>
      </form>
      <ErrorMessage error={error} />
      <table>
        <caption>Exports</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Requested</th>
            <th scope="col">Status</th>
            <th scope="col">Download</th>
          </tr>
        </thead>
        <tbody>
          {exports.map((pst) => (
            <tr key={pst.id}>
              <td>{pst.userEmail}</td>
              <td>{new Date(pst.requestedAt).toLocaleString()}</td>
              <td>
                {pst.status}
                {pst.status === 'running' && pst.progress.total > 0 && (
                  <progress
                    max={pst.progress.total}
                    value={pst.progress.done}
                    aria-label={`Export of ${pst.userEmail}`}
                  />
                )}
              </td>
              <td>{pst.status === 'completed' && <a href={pst.downloadUrl}>Download page</a>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
