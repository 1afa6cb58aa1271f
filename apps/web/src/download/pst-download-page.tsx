import {
  ActionGroup,
  Alert,
  Button,
  Content,
  Divider,
  Form,
  FormGroup,
  List,
  ListItem,
  TextInput,
  ToggleGroup,
  ToggleGroupItem,
} from '@patternfly/react-core';
import { useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';

import type { AdministratorView } from '@coffer/contracts';

import { api } from '../api';
import { formatBytes } from '../lib/format';
import { messageOf } from '../ui/errors';
import { StandalonePage } from '../ui/standalone-page';

interface Authorized {
  fileName: string;
  parts: { part: number; bytes: number; sha256: string; url: string }[];
}

function consoleCsrfToken(): string | undefined {
  return document.cookie
    .split('; ')
    .find((cookie) => cookie.startsWith('csrf-token='))
    ?.slice('csrf-token='.length);
}

/**
 * The PST download page in the console's look. It asks the gateway's download endpoint
 * (`POST /download/pst/:id`, JSON) who may download; the answer names the file and its parts,
 * and the first part starts downloading at once. The email stays after an error, and the SSO
 * route is always offered (it comes back to the download).
 */
export default function PstDownloadPage() {
  const { exportId = '' } = useParams();
  const [session, setSession] = useState<AdministratorView>();
  const [email, setEmail] = useState('');
  const [secretKind, setSecretKind] = useState<'password' | 'token'>('password');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [authorized, setAuthorized] = useState<Authorized>();

  useEffect(() => {
    api<{ administrator: AdministratorView }>('GET', '/api/console/me').then(
      (me) => setSession(me.administrator),
      () => setSession(undefined),
    );
  }, []);

  async function download(body: Record<string, string>) {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<Authorized>(
        'POST',
        `/download/pst/${encodeURIComponent(exportId)}`,
        body,
      );
      setAuthorized(answer);
      setSecret('');
      // The grant is a cookie for this export's path: the browser downloads the part itself.
      if (answer.parts[0]) window.location.assign(answer.parts[0].url);
    } catch (caught) {
      setError(caught);
      setSecret('');
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void download(
      secretKind === 'password' ? { email, password: secret } : { email, token: secret },
    );
  }

  const ssoUrl = `/sso/login?${new URLSearchParams({ email, surface: 'console', pstExportId: exportId })}`;
  return (
    <StandalonePage
      title="Download PST export"
      area="Coffer"
      intro="This export holds a user's backed-up mailbox as PST files. Only administrators of their organisation can download it."
    >
      {authorized ? (
        <>
          <Alert
            variant="success"
            isInline
            title={`Your download of ${authorized.fileName} has started.`}
            role="status"
          >
            {authorized.parts.length > 1
              ? 'The export has several parts; download each of them.'
              : 'If it did not start, use the link below.'}
          </Alert>
          <List aria-label="Files" className="after-alert">
            {authorized.parts.map((part) => (
              <ListItem key={part.part}>
                <a href={part.url}>Part {part.part}</a> — {formatBytes(part.bytes)} — SHA-256{' '}
                <code className="break-all">{part.sha256}</code>
              </ListItem>
            ))}
          </List>
        </>
      ) : (
        <>
          {error !== undefined && (
            <Alert
              variant="danger"
              isInline
              title={messageOf(error)}
              role="alert"
              className="before-form"
            />
          )}
          {session && (
            <>
              <Content component="p">You are signed in to the console as {session.email}.</Content>
              <Button
                isLoading={busy}
                onClick={() => {
                  const csrf = consoleCsrfToken();
                  void download({ session: 'console', ...(csrf ? { csrf } : {}) });
                }}
              >
                Download as {session.email}
              </Button>
              <Divider className="section-divider" />
              <Content component="p">Or sign in as someone else:</Content>
            </>
          )}
          <Form onSubmit={submit} aria-label="Sign in to download">
            <FormGroup label="Email" fieldId="download-email" isRequired>
              <TextInput
                id="download-email"
                type="email"
                autoComplete="username"
                isRequired
                maxLength={254}
                value={email}
                onChange={(_event, value) => setEmail(value)}
              />
            </FormGroup>
            <FormGroup label="Sign in with" fieldId="download-secret-kind" role="group">
              <ToggleGroup aria-label="Sign in with">
                <ToggleGroupItem
                  text="Fail-safe password"
                  isSelected={secretKind === 'password'}
                  onChange={() => setSecretKind('password')}
                />
                <ToggleGroupItem
                  text="API token"
                  isSelected={secretKind === 'token'}
                  onChange={() => setSecretKind('token')}
                />
              </ToggleGroup>
            </FormGroup>
            <FormGroup
              label={secretKind === 'password' ? 'Fail-safe password' : 'API token'}
              fieldId="download-secret"
              isRequired
            >
              <TextInput
                id="download-secret"
                type="password"
                autoComplete={secretKind === 'password' ? 'current-password' : 'off'}
                isRequired
                maxLength={1000}
                value={secret}
                onChange={(_event, value) => setSecret(value)}
              />
            </FormGroup>
            <ActionGroup>
              <Button type="submit" isLoading={busy}>
                Download
              </Button>
              <Button
                component="a"
                variant="secondary"
                href={email ? ssoUrl : undefined}
                isAriaDisabled={!email}
              >
                Sign in with SSO
              </Button>
            </ActionGroup>
            <Content component="small">
              Organisations with single sign-on: type your email, then Sign in with SSO; you come
              back here to download. API tokens are made in the console under Settings → APIs.
            </Content>
          </Form>
        </>
      )}
    </StandalonePage>
  );
}
