import {
  Button,
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
import { useNavigate } from 'react-router';

import type { Capabilities, UserView } from '@coffer/contracts';

import { api, ApiError } from '../api';
import { usePageTitle } from '../ui/console-page';
import { LoadFailed } from '../ui/states';

interface PortalMe {
  user: UserView;
  capabilities: Capabilities;
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
        <Button variant="secondary" onClick={signOut} className="masthead-end">
          Sign out
        </Button>
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
            <Tabs activeKey={tab} onSelect={(_event, key) => setTab(key)} aria-label="Portal">
              <Tab eventKey="home" title={<TabTitleText>Home</TabTitleText>}>
                <PageSection>
                  <Content component="p">Signed in as {me.user.email}.</Content>
                  <Content component="p">
                    Sharing: {me.capabilities.share ? 'allowed' : 'not allowed for your account'}.
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
