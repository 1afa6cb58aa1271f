import {
  Alert,
  Content,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadLogo,
  MastheadMain,
  Page,
  PageSection,
  Skeleton,
  Tab,
  Tabs,
  TabTitleText,
  Title,
} from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import type { Capabilities, MfaStatus, UserView } from '@coffer/contracts';

import { api, ApiError } from '../api';
import { formatDateTime } from '../lib/format';
import { usePageTitle } from '../ui/console-page';
import { MastheadToolbar } from '../ui/masthead-toolbar';
import { LoadFailed } from '../ui/states';
import { PORTAL_TWO_FACTOR_PATH } from './portal-paths';

interface PortalMe {
  user: UserView;
  capabilities: Capabilities;
  mfa?: MfaStatus;
}

/** The user's home: the Data Sources tab only when their profile allows restore from the web. */
export default function PortalHome() {
  const navigate = useNavigate();
  const [me, setMe] = useState<PortalMe>();
  const [tab, setTab] = useState<string | number>('home');
  const [error, setError] = useState<unknown>();
  usePageTitle(me ? `Welcome, ${me.user.name}` : 'Web portal', 'Coffer');

  useEffect(() => {
    api<PortalMe>('GET', '/api/portal/me').then(setMe, (caught: unknown) => {
      if (caught instanceof ApiError && caught.status === 401) navigate('/portal/sign-in');
      else setError(caught);
    });
  }, [navigate]);

  async function signOut() {
    await api('POST', '/api/portal/logout').catch(() => undefined);
    navigate('/portal/sign-in');
  }

  const masthead = (
    <Masthead display={{ default: 'inline' }}>
      <MastheadMain>
        <MastheadBrand>
          <MastheadLogo component="span" className="brand">
            Coffer
          </MastheadLogo>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <MastheadToolbar onSignOut={() => void signOut()} />
      </MastheadContent>
    </Masthead>
  );

  return (
    <Page masthead={masthead} mainContainerId="main">
      <PageSection>
        {error ? (
          <LoadFailed error={error} />
        ) : !me ? (
          <Skeleton fontSize="2xl" width="40%" screenreaderText="Loading your home page" />
        ) : (
          <>
            <Title headingLevel="h1">Welcome, {me.user.name}</Title>
            <MfaReminder mfa={me.mfa} />
            <Tabs activeKey={tab} onSelect={(_event, key) => setTab(key)} aria-label="Portal">
              <Tab eventKey="home" title={<TabTitleText>Home</TabTitleText>}>
                <PageSection>
                  <Content component="p">Signed in as {me.user.email}.</Content>
                  <Content component="p">
                    Sharing: {me.capabilities.share ? 'allowed' : 'not allowed for your account'}.
                  </Content>
                  <Content component="p">
                    <Link to={PORTAL_TWO_FACTOR_PATH}>Two-factor authentication</Link>:{' '}
                    {me.mfa?.enrolled ? 'on' : 'off'}.
                  </Content>
                </PageSection>
              </Tab>
              {me.capabilities.dataSources && (
                <Tab eventKey="data-sources" title={<TabTitleText>Data Sources</TabTitleText>}>
                  <PageSection>
                    <Content component="p">
                      Your backed-up devices and mailboxes; restore them from your browser.
                    </Content>
                  </PageSection>
                </Tab>
              )}
            </Tabs>
          </>
        )}
      </PageSection>
    </Page>
  );
}

/** While the organisation requires a second factor this user has not set up: by when, and where. */
function MfaReminder({ mfa }: { mfa: MfaStatus | undefined }) {
  if (!mfa?.required || mfa.enrolled) return null;
  return (
    <Alert
      variant={mfa.enrolmentOverdue ? 'danger' : 'warning'}
      isInline
      className="portal-mfa-banner"
      title={
        mfa.enrolmentOverdue
          ? 'Set up two-factor authentication to use the web portal again'
          : `Set up two-factor authentication by ${formatDateTime(mfa.enrolBy)}`
      }
      actionLinks={<Link to={PORTAL_TWO_FACTOR_PATH}>Set up two-factor authentication</Link>}
    >
      Your organisation requires a code from an authenticator app when you sign in with your
      password.
    </Alert>
  );
}
