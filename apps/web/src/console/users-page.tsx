import { useCallback, useEffect, useState, type FormEvent } from 'react';

import type { ImportUsersResult, UserView } from '@coffer/contracts';

import { api } from '../api';
import { ErrorMessage, Field, Page } from '../ui/forms';

const ACTIONS = [
  { action: 'activate', label: 'Activate' },
  { action: 'disable', label: 'Disable' },
  { action: 'preserve', label: 'Preserve' },
] as const;

const STATUS_LABELS: Record<UserView['status'], string> = {
  active: 'Active',
  disabled: 'Disabled',
  preserved: 'Preserved',
};

/** Users: search, select, then Activate, Disable or Preserve the selection. */
export default function UsersPage() {
  const [query, setQuery] = useState('');
  const [users, setUsers] = useState<UserView[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState('');
  const [draft, setDraft] = useState({ email: '', name: '' });

  const load = useCallback(async (search: string) => {
    try {
      setUsers(
        await api<UserView[]>(
          'GET',
          `/api/console/users?${new URLSearchParams({ query: search })}`,
        ),
      );
      setError(undefined);
    } catch (caught) {
      setError(caught);
    }
  }, []);

  useEffect(() => {
    void load('');
  }, [load]);

  function toggle(id: string) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function apply(action: (typeof ACTIONS)[number]['action'], label: string) {
    setError(undefined);
    try {
      for (const id of selected) await api('POST', `/api/console/users/${id}/${action}`);
      setNotice(`${label}: ${selected.size} user${selected.size === 1 ? '' : 's'} done.`);
      setSelected(new Set());
      await load(query);
    } catch (caught) {
      setError(caught);
    }
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const user = await api<UserView>('POST', '/api/console/users', draft);
      setNotice(`${user.email} was created and emailed a link to choose a password.`);
      setDraft({ email: '', name: '' });
      await load(query);
    } catch (caught) {
      setError(caught);
    }
  }

  async function importCsv(file: File | undefined) {
    if (!file) return;
    setError(undefined);
    try {
      const result = await api<ImportUsersResult>(
        'POST',
        '/api/console/users/import',
        await file.text(),
        {
          contentType: 'text/csv',
        },
      );
      setNotice(
        `Imported ${result.created} user${result.created === 1 ? '' : 's'}.` +
          result.skipped.map((row) => ` Line ${row.line} (${row.email}): ${row.reason}`).join(''),
      );
      await load(query);
    } catch (caught) {
      setError(caught);
    }
  }

  function search(event: FormEvent) {
    event.preventDefault();
    void load(query);
  }

  return (
    <Page title="Users">
      <form role="search" onSubmit={search}>
        <Field
          label="Search users"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="submit">Search</button>
      </form>
      <div className="actions" role="group" aria-label="Change the selected users">
        {ACTIONS.map(({ action, label }) => (
          <button
            key={action}
            type="button"
            disabled={selected.size === 0}
            onClick={() => apply(action, label)}
          >
            {label}
          </button>
        ))}
      </div>
      <ErrorMessage error={error} />
      {notice && <p role="status">{notice}</p>}
      <details className="add-users">
        <summary>Add users</summary>
        <form onSubmit={create} aria-label="Add a user">
          <Field
            label="User email"
            type="email"
            required
            value={draft.email}
            onChange={(e) => setDraft({ ...draft, email: e.target.value })}
          />
          <Field
            label="User name"
            required
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
          <button type="submit">Add user</button>
        </form>
        <p>
          <label>
            Import users from a CSV file (columns email, name){' '}
            <input
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => void importCsv(e.target.files?.[0])}
            />
          </label>
        </p>
      </details>
      <table>
        <caption>Users of your organisation</caption>
        <thead>
          <tr>
            <th scope="col">Select</th>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select ${user.email}`}
                  checked={selected.has(user.id)}
                  onChange={() => toggle(user.id)}
                />
              </td>
              <td>{user.name}</td>
              <td>{user.email}</td>
              <td>{STATUS_LABELS[user.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
