import { useCallback, useEffect, useState, type FormEvent } from 'react';

import type { ApiTokenView, ApiTokenWithSecret } from '@coffer/contracts';

import { api } from '../api';
import { ErrorMessage, Field, Page } from '../ui/forms';

/** Settings → APIs: create a token with an expiry, copy a still-valid one, revoke. */
export default function ApiTokensPage() {
  const [tokens, setTokens] = useState<ApiTokenView[]>([]);
  const [name, setName] = useState('');
  const [expires, setExpires] = useState(() =>
    new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
  );
  const [secret, setSecret] = useState<{ name: string; value: string }>();
  const [error, setError] = useState<unknown>();

  const load = useCallback(async () => {
    setTokens(await api<ApiTokenView[]>('GET', '/api/console/api-tokens'));
  }, []);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const created = await api<ApiTokenWithSecret>('POST', '/api/console/api-tokens', {
        name,
        expiresAt: new Date(`${expires}T23:59:59Z`).toISOString(),
      });
      setSecret({ name: created.token.name, value: created.secret });
      setName('');
      await load();
    } catch (caught) {
      setError(caught);
    }
  }

  async function copy(token: ApiTokenView) {
    setError(undefined);
    try {
      const { secret: value } = await api<{ secret: string }>(
        'GET',
        `/api/console/api-tokens/${token.id}/secret`,
      );
      setSecret({ name: token.name, value });
      await navigator.clipboard?.writeText(value).catch(() => undefined);
    } catch (caught) {
      setError(caught);
    }
  }

  async function revoke(token: ApiTokenView) {
    setError(undefined);
    try {
      await api('DELETE', `/api/console/api-tokens/${token.id}`);
      await load();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <Page title="Settings → APIs">
      <form onSubmit={create} aria-label="Create new token">
        <Field
          label="Token name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Field
          label="Expires on"
          type="date"
          required
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
        />
        <button type="submit">Create new token</button>
      </form>
      <ErrorMessage error={error} />
      {secret && (
        <section aria-label="Token" className="secret">
          <p>
            Token <strong>{secret.name}</strong> (use it with your email as the password):
          </p>
          <output aria-label="Token value">{secret.value}</output>
        </section>
      )}
      <table>
        <caption>Your API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Ends with</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>…{token.lastFour}</td>
              <td>{token.expiresAt.slice(0, 10)}</td>
              <td>{token.status}</td>
              <td>
                {token.status === 'active' && (
                  <>
                    <button
                      type="button"
                      onClick={() => copy(token)}
                      aria-label={`Copy Token ${token.name}`}
                    >
                      Copy Token
                    </button>{' '}
                    <button
                      type="button"
                      onClick={() => revoke(token)}
                      aria-label={`Revoke ${token.name}`}
                    >
                      Revoke
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
