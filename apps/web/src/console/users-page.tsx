import { useCallback, useEffect, useState, type FormEvent } from 'react';

import type { UserView } from '@coffer/contracts';

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
