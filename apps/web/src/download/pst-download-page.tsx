import { Alert, Button, Content, Divider, List, ListItem, Skeleton } from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';

import type { PstDownloadStarted, PstDownloadSummary } from '@coffer/contracts';

import { api, ApiError } from '../api';
import { formatBytes, plural } from '../lib/format';
import { SOURCE_LABELS } from '../lib/labels';
import { messageOf } from '../ui/errors';
import { StandalonePage } from '../ui/standalone-page';
import { DownloadDescription } from './download-description';
import { DownloadSignInForm } from './download-sign-in-form';

function consoleCsrfToken(): string | undefined {
  return document.cookie
    .split('; ')
    .find((cookie) => cookie.startsWith('csrf-token='))
    ?.slice('csrf-token='.length);
}

/**
 * The page the emailed PST link opens (`/download/pst/:id`). It says what the export is (as
 * much as the gateway tells someone who only holds the link), asks who you are (this browser's
 * console session, email with the fail-safe password and a second factor if the account has
 * one, email with an API token, or SSO, which comes back here), then starts the first part and
 * says so, naming whose mailbox it is.
 */
export default function PstDownloadPage() {
  const { exportId = '' } = useParams();
  const [summary, setSummary] = useState<PstDownloadSummary>();
  const [loadError, setLoadError] = useState<unknown>();
  const [started, setStarted] = useState<PstDownloadStarted>();
  const [sessionError, setSessionError] = useState<unknown>();
  const [sessionBusy, setSessionBusy] = useState(false);

  useEffect(() => {
    api<PstDownloadSummary>('GET', `/download/pst/${encodeURIComponent(exportId)}/summary`).then(
      setSummary,
      setLoadError,
    );
  }, [exportId]);

  async function download(body: Record<string, string>) {
    const answer = await api<PstDownloadStarted>(
      'POST',
      `/download/pst/${encodeURIComponent(exportId)}`,
      body,
    );
    setStarted(answer);
    // The grant is a cookie for this export's path: the browser downloads the part itself.
    if (answer.parts[0]) window.location.assign(answer.parts[0].url);
  }

  async function downloadWithSession() {
    setSessionBusy(true);
    setSessionError(undefined);
    try {
      const csrf = consoleCsrfToken();
      await download({ session: 'console', ...(csrf ? { csrf } : {}) });
    } catch (caught) {
      setSessionError(caught);
    } finally {
      setSessionBusy(false);
    }
  }

  const missing = loadError instanceof ApiError && loadError.status === 404;
  return (
    <StandalonePage
      title="Download PST export"
      area="Coffer"
      intro="This export holds a user's backed-up mailbox as PST files. Only administrators of their organisation can download it."
    >
      {started ? (
        <>
          <Alert
            variant="success"
            isInline
            title={`Your download of ${started.fileName} has started.`}
            role="status"
          >
            {`${started.contents.userEmail}'s ${SOURCE_LABELS[started.contents.source] ?? started.contents.source} backup: ${plural(started.contents.messages, 'message')}, ${formatBytes(started.contents.bytes)}. `}
            {started.parts.length > 1
              ? 'The export has several parts; download each of them.'
              : 'If it did not start, use the link below.'}
          </Alert>
          <List aria-label="Files" className="after-alert">
            {started.parts.map((part) => (
              <ListItem key={part.part}>
                <a href={part.url}>Part {part.part}</a> — {formatBytes(part.bytes)} — SHA-256{' '}
                <code className="break-all">{part.sha256}</code>
              </ListItem>
            ))}
          </List>
        </>
      ) : (
        <>
          {!summary && !loadError && (
            <Skeleton height="6rem" screenreaderText="Loading the export" className="before-form" />
          )}
          {loadError !== undefined && (
            <Alert
              variant={missing ? 'warning' : 'danger'}
              isInline
              title={missing ? 'There is no such download.' : messageOf(loadError)}
              role="alert"
              className="before-form"
            >
              {missing &&
                'Check the link in the email, or find it again in the console’s audit trail.'}
            </Alert>
          )}
          {summary && <DownloadDescription summary={summary} contents={summary.contents} />}
          {(!summary && !loadError) || missing ? null : summary && !summary.available ? (
            <Alert
              variant="warning"
              isInline
              title="This export cannot be downloaded any more."
              role="alert"
            >
              Its link has expired or the export is not finished. An administrator can reissue the
              link from the console’s PST exports page.{' '}
              <a href="/console/pst-exports">PST exports</a>
            </Alert>
          ) : (
            <>
              {summary?.consoleSession && (
                <>
                  {sessionError !== undefined && (
                    <Alert
                      variant="danger"
                      isInline
                      title={messageOf(sessionError)}
                      role="alert"
                      className="before-form"
                    />
                  )}
                  <Content component="p">
                    You are signed in to the console as {summary.consoleSession.email}.
                  </Content>
                  <Button isLoading={sessionBusy} onClick={() => void downloadWithSession()}>
                    Download as {summary.consoleSession.email}
                  </Button>
                  <Divider className="section-divider" />
                  <Content component="p">Or sign in as someone else:</Content>
                </>
              )}
              <DownloadSignInForm
                exportId={exportId}
                organizationSsoUrl={summary?.ssoUrl ?? null}
                onSubmit={download}
              />
            </>
          )}
        </>
      )}
    </StandalonePage>
  );
}
