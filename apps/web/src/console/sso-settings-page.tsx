import {
  ActionGroup,
  Button,
  Card,
  CardBody,
  CardTitle,
  ClipboardCopy,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormGroup,
  Radio,
  TextArea,
} from '@patternfly/react-core';
import { type FormEvent, useEffect, useState } from 'react';

import type { SsoEnforcement } from '@coffer/contracts';

import { api } from '../api';
import { ConsolePage } from '../ui/console-page';
import { LoadFailed, NotAllowed, TableSkeleton } from '../ui/states';
import { SubmissionError, useSubmission } from '../ui/submission';
import { useToasts } from '../ui/toasts';
import { isCloudAdministrator, useAdministrator } from './administrator-context';
import { SsoTestCard } from './sso-test-card';
import { useLoad } from './use-load';

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

/** Settings → Single sign-on (cloud administrators): what to give the IdP, its metadata, who must use SSO. */
export default function SsoSettingsPage() {
  const me = useAdministrator();
  if (!isCloudAdministrator(me)) {
    return (
      <ConsolePage title="Single sign-on">
        <NotAllowed what="change single sign-on" />
      </ConsolePage>
    );
  }
  return <SsoSettingsForm />;
}

function SsoSettingsForm() {
  const toasts = useToasts();
  const settings = useLoad(() => api<SsoSettings>('GET', '/api/console/sso'), []);
  const [metadataXml, setMetadataXml] = useState('');
  const [enforcement, setEnforcement] = useState<SsoEnforcement>('off');
  const { error, busy, submit } = useSubmission();

  useEffect(() => {
    if (settings.data) setEnforcement(settings.data.enforcement ?? 'off');
  }, [settings.data]);

  async function readFile(file: File | undefined) {
    if (file) setMetadataXml(await file.text());
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    await submit(async () => {
      await api<SsoSettings>('PUT', '/api/console/sso', {
        ...(metadataXml ? { metadataXml } : {}),
        enforcement,
      });
      toasts.success('Single sign-on settings saved.');
      setMetadataXml('');
      await settings.reload();
    });
  }

  const provider = settings.data?.serviceProvider;
  return (
    <ConsolePage
      title="Single sign-on"
      description="Let your identity provider (SAML 2.0) sign your users and administrators in."
    >
      <Card>
        <CardTitle component="h2">For your identity provider</CardTitle>
        <CardBody>
          {settings.error ? (
            <LoadFailed error={settings.error} onRetry={settings.reload} />
          ) : !provider ? (
            <TableSkeleton label="Loading the settings" rows={3} />
          ) : (
            <>
              <Content component="p">
                {settings.data!.configured
                  ? `Identity provider: ${settings.data!.idpEntityId}`
                  : 'Single sign-on is not set up yet. Give your identity provider these values, then upload its metadata below.'}
              </Content>
              <DescriptionList>
                <DescriptionListGroup>
                  <DescriptionListTerm>Entity ID (and metadata)</DescriptionListTerm>
                  <DescriptionListDescription>
                    <ClipboardCopy
                      isReadOnly
                      hoverTip="Copy"
                      clickTip="Copied"
                      textAriaLabel="Entity ID"
                      toggleAriaLabel="Show the entity ID"
                    >
                      {provider.entityId}
                    </ClipboardCopy>
                  </DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>Assertion consumer service URL</DescriptionListTerm>
                  <DescriptionListDescription>
                    <ClipboardCopy
                      isReadOnly
                      hoverTip="Copy"
                      clickTip="Copied"
                      textAriaLabel="Assertion consumer service URL"
                      toggleAriaLabel="Show the assertion consumer service URL"
                    >
                      {provider.assertionConsumerServiceUrl}
                    </ClipboardCopy>
                  </DescriptionListDescription>
                </DescriptionListGroup>
              </DescriptionList>
            </>
          )}
        </CardBody>
      </Card>
      <Card className="after-card">
        <CardTitle component="h2">Identity provider and enforcement</CardTitle>
        <CardBody>
          <Form onSubmit={save} aria-label="Single sign-on settings">
            <SubmissionError error={error} />
            <p className="file-field">
              <label htmlFor="idp-metadata-file">IdP metadata file</label>
              <input
                id="idp-metadata-file"
                type="file"
                accept=".xml,application/xml,text/xml"
                onChange={(event) => void readFile(event.target.files?.[0])}
              />
            </p>
            <FormGroup label="or paste the IdP metadata XML" fieldId="idp-metadata-xml">
              <TextArea
                id="idp-metadata-xml"
                rows={6}
                resizeOrientation="vertical"
                value={metadataXml}
                onChange={(_event, value) => setMetadataXml(value)}
              />
            </FormGroup>
            <FormGroup role="radiogroup" label="Enforcement" fieldId="enforcement" isStack>
              {ENFORCEMENTS.map(([value, label]) => (
                <Radio
                  key={value}
                  id={`enforcement-${value}`}
                  name="enforcement"
                  label={label}
                  isChecked={enforcement === value}
                  onChange={() => setEnforcement(value)}
                />
              ))}
            </FormGroup>
            <ActionGroup>
              <Button type="submit" isLoading={busy}>
                Save
              </Button>
            </ActionGroup>
          </Form>
        </CardBody>
      </Card>
      <SsoTestCard configured={settings.data?.configured ?? false} />
    </ConsolePage>
  );
}
