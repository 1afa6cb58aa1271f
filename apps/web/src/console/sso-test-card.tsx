import {
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
} from '@patternfly/react-core';
import { useSearchParams } from 'react-router';

import type { SsoTestFailure, SsoTestView } from '@coffer/contracts';

import { api } from '../api';
import { LoadFailed, TableSkeleton } from '../ui/states';
import { SubmissionError, useSubmission } from '../ui/submission';
import { useLoad } from './use-load';

const FAILURES: Record<SsoTestFailure, string> = {
  signature:
    "The signature did not verify against the IdP's certificate: upload the IdP's current metadata.",
  audience:
    'The assertion was made for another service provider: give the IdP the entity ID above.',
  clock:
    "The assertion was outside its time window: the IdP's clock and ours are too far apart, or it took too long.",
  destination:
    'The IdP sent its answer to another address: give it the assertion consumer service URL above.',
  request: 'The answer did not belong to this test (another browser, or an old answer).',
  'unknown-user':
    'The IdP signed someone in whom this organisation does not know: add them, or check the email attribute.',
  'invalid-response': 'The answer could not be read as a SAML response.',
};

/**
 * Settings → SSO → Test sign-in: sends the administrator through the IdP and back, signing
 * nobody in, then shows what the IdP said (`?test=<id>` after the round trip).
 */
export function SsoTestCard({ configured }: { configured: boolean }) {
  const [params] = useSearchParams();
  const testId = params.get('test');
  const { error, busy, submit } = useSubmission();

  async function start() {
    await submit(async () => {
      const test = await api<SsoTestView & { startUrl: string }>('POST', '/api/console/sso/tests');
      window.location.assign(test.startUrl);
    });
  }

  return (
    <Card className="after-card">
      <CardTitle component="h2">Test sign-in</CardTitle>
      <CardBody>
        <Content component="p">
          Sign in at your identity provider to see what it sends us and which account it maps to.
          Nobody is signed in by a test.
          {!configured && ' Save the identity provider above first: there is nothing to test yet.'}
        </Content>
        <SubmissionError error={error} />
        <Button
          variant="secondary"
          onClick={() => void start()}
          isLoading={busy}
          isDisabled={!configured}
        >
          Test sign-in
        </Button>
        {testId ? <SsoTestResult testId={testId} /> : null}
      </CardBody>
    </Card>
  );
}

function SsoTestResult({ testId }: { testId: string }) {
  const result = useLoad(
    () => api<SsoTestView>('GET', `/api/console/sso/tests/${encodeURIComponent(testId)}`),
    [testId],
  );
  if (result.error) return <LoadFailed error={result.error} onRetry={result.reload} />;
  const test = result.data;
  if (!test) return <TableSkeleton label="Loading the test result" rows={2} />;
  const received = test.received;
  return (
    <div className="after-card" aria-label="Test result" role="region">
      {test.status === 'succeeded' ? (
        <Alert variant="success" isInline title="The test sign-in worked">
          A sign-in with this answer would be {test.account?.kind} {test.account?.email} (
          {test.account?.status}).
        </Alert>
      ) : test.status === 'failed' ? (
        <Alert variant="danger" isInline title={FAILURES[test.failure!.reason]}>
          {test.failure!.detail}
        </Alert>
      ) : (
        <Alert variant="info" isInline title="The identity provider has not answered this test." />
      )}
      {received ? (
        <DescriptionList isCompact className="after-card">
          <DescriptionListGroup>
            <DescriptionListTerm>NameID</DescriptionListTerm>
            <DescriptionListDescription>{received.nameId ?? '—'}</DescriptionListDescription>
          </DescriptionListGroup>
          {Object.entries(received.attributes).map(([name, values]) => (
            <DescriptionListGroup key={name}>
              <DescriptionListTerm>{name}</DescriptionListTerm>
              <DescriptionListDescription>{values.join(', ')}</DescriptionListDescription>
            </DescriptionListGroup>
          ))}
        </DescriptionList>
      ) : null}
    </div>
  );
}
