import { useEffect, useState, type FormEvent } from 'react';

import type { SsoEnforcement } from '@coffer/contracts';

import { api } from '../api';
import { ErrorMessage, Page } from '../ui/forms';

interface SsoSettings {
  configured: boolean;
  idpEntityId?: string;
  enforcement?: SsoEnforcement;
  serviceProvider: { entityId: string; metadataUrl: string; assertionConsumerServiceUrl: string };
}

const ENFORCEMENTS: [SsoEnforcement, string][] = [
  ['off', 'Off: everyone may use a password'],
  ['users', 'Users sign in only through SSO'],
  ['users-and-administrators', 'Users and product administrators sign in only through SSO'],
];

/** Settings → SSO: upload the IdP's metadata, choose who must use SSO, see what to give the IdP. */
export default function SsoSettingsPage() {
  const [settings, setSettings] = useState<SsoSettings>();
  const [metadataXml, setMetadataXml] = useState('');
  const [enforcement, setEnforcement] = useState<SsoEnforcement>('off');
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    api<SsoSettings>('GET', '/api/console/sso').then((loaded) => {
      setSettings(loaded);
      setEnforcement(loaded.enforcement ?? 'off');
    }, setError);
  }, []);

  async function readFile(file: File | undefined) {
    if (file) setMetadataXml(await file.text());
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setNotice('');
    try {
      setSettings(await api<SsoSettings>('PUT', '/api/console/sso', { metadataXml, enforcement }));
      setNotice('Single sign-on settings saved.');
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <Page title="Settings → SSO">
      {settings && (
        <section aria-label="For your identity provider">
          <p>
            {settings.configured
              ? `Identity provider: ${settings.idpEntityId}`
              : 'Single sign-on is not set up.'}
          </p>
          <dl>
            <dt>Entity ID (and metadata)</dt>
            <dd>{settings.serviceProvider.entityId}</dd>
            <dt>Assertion consumer service URL</dt>
            <dd>{settings.serviceProvider.assertionConsumerServiceUrl}</dd>
          </dl>
        </section>
      )}
      <form onSubmit={save} aria-label="Single sign-on settings">
        <p>
          <label>
            IdP metadata file{' '}
            <input
              type="file"
              accept=".xml,application/xml,text/xml"
              onChange={(e) => void readFile(e.target.files?.[0])}
            />
          </label>
        </p>
        <p>
          <label>
            or paste the IdP metadata XML
            <br />
            <textarea
              rows={6}
              cols={60}
              value={metadataXml}
              onChange={(e) => setMetadataXml(e.target.value)}
            />
          </label>
        </p>
        <fieldset>
          <legend>Enforcement</legend>
          {ENFORCEMENTS.map(([value, label]) => (
            <p key={value}>
              <label>
                <input
                  type="radio"
                  name="enforcement"
                  value={value}
                  checked={enforcement === value}
                  onChange={() => setEnforcement(value)}
                />{' '}
                {label}
              </label>
            </p>
          ))}
        </fieldset>
        <button type="submit">Save</button>
      </form>
      <ErrorMessage error={error} />
      {notice && <p role="status">{notice}</p>}
    </Page>
  );
}
