import { useCallback, useEffect, useState, type FormEvent } from 'react';

import type { AdministratorRole, AdministratorView } from '@coffer/contracts';

import { api } from '../api';
import { ErrorMessage, Field, Page } from '../ui/forms';
import { useAdministrator } from './console-layout';

const ROLE_LABELS: Record<AdministratorRole, string> = {
  'cloud-administrator': 'Cloud Administrator',
  'product-administrator': 'Product Administrator',
};

/** Manage Administrators (cloud administrators): create, change role, Reset Password. */
export default function AdministratorsPage() {
  const me = useAdministrator();
  const [administrators, setAdministrators] = useState<AdministratorView[]>([]);
  const [draft, setDraft] = useState({
    email: '',
    name: '',
    password: '',
    role: 'product-administrator' as AdministratorRole,
  });
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>();

  const load = useCallback(async () => {
    setAdministrators(await api<AdministratorView[]>('GET', '/api/console/administrators'));
  }, []);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  async function run(action: () => Promise<unknown>, done: string) {
    setError(undefined);
    setNotice('');
    try {
      await action();
      setNotice(done);
      await load();
    } catch (caught) {
      setError(caught);
    }
  }

  function create(event: FormEvent) {
    event.preventDefault();
    void run(
      () => api('POST', '/api/console/administrators', draft),
      `${draft.email} is an administrator now.`,
    );
  }

  if (me.role !== 'cloud-administrator') {
    return (
      <Page title="Manage Administrators">
        <p>Only a cloud administrator manages administrators.</p>
      </Page>
    );
  }
  return (
    <Page title="Manage Administrators">
      <ErrorMessage error={error} />
      {notice && <p role="status">{notice}</p>}
      <table>
        <caption>Administrators</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {administrators.map((administrator) => (
            <tr key={administrator.id}>
              <td>{administrator.email}</td>
              <td>{administrator.name}</td>
              <td>
                {administrator.id === me.id ? (
                  ROLE_LABELS[administrator.role]
                ) : (
                  <select
                    aria-label={`Role of ${administrator.email}`}
                    value={administrator.role}
                    onChange={(e) =>
                      run(
                        () =>
                          api('PATCH', `/api/console/administrators/${administrator.id}/role`, {
                            role: e.target.value,
                          }),
                        `${administrator.email} is a ${ROLE_LABELS[e.target.value as AdministratorRole]} now.`,
                      )
                    }
                  >
                    {Object.entries(ROLE_LABELS).map(([value, label]) => (
                      <option key={value} value={value}>
                        {label}
                      </option>
                    ))}
                  </select>
                )}
              </td>
              <td>
                {administrator.id !== me.id && (
                  <button
                    type="button"
                    aria-label={`Reset Password of ${administrator.email}`}
                    onClick={() =>
                      run(
                        () =>
                          api(
                            'POST',
                            `/api/console/administrators/${administrator.id}/reset-password`,
                          ),
                        `A link to set a new password was sent to ${administrator.email}.`,
                      )
                    }
                  >
                    Reset Password
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={create} aria-label="Create administrator">
        <h2>Create administrator</h2>
        <Field
          label="Administrator email"
          type="email"
          required
          value={draft.email}
          onChange={(e) => setDraft({ ...draft, email: e.target.value })}
        />
        <Field
          label="Administrator name"
          required
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
        <Field
          label="Fail-safe password"
          type="password"
          autoComplete="new-password"
          required
          value={draft.password}
          onChange={(e) => setDraft({ ...draft, password: e.target.value })}
        />
        <p>
          <label>
            Role{' '}
            <select
              value={draft.role}
              onChange={(e) => setDraft({ ...draft, role: e.target.value as AdministratorRole })}
            >
              {Object.entries(ROLE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </p>
        <button type="submit">Create administrator</button>
      </form>
    </Page>
  );
}
