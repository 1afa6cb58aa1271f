import {
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadLogo,
  MastheadMain,
  MastheadToggle,
  Nav,
  NavExpandable,
  NavItem,
  NavList,
  Page,
  PageSection,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  Skeleton,
  SkipToContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { type ReactNode, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';

import type { AdministratorView, MfaStatus } from '@coffer/contracts';

import { api, ApiError, setApiRecovery } from '../api';
import { ROLE_LABELS } from '../lib/labels';
import { MastheadToolbar } from '../ui/masthead-toolbar';
import { ReauthenticateDialog } from '../ui/reauthenticate-dialog';
import { LoadFailed, TableSkeleton } from '../ui/states';
import { AdministratorContext, isCloudAdministrator } from './administrator-context';
import { rememberBreakGlass, signedInByBreakGlass } from './break-glass-note';
import { type ConsoleSession, ConsoleSessionContext } from './console-session-context';
import { MfaBanners } from './mfa-banners';
import { TWO_FACTOR_PATH } from './two-factor-paths';

/** What `GET /api/console/me` answers for an administrator's session. */
interface Me {
  administrator: AdministratorView;
  mfa?: MfaStatus;
  breakGlass?: boolean;
}

/** Requests whose refusals are the page's own business: the step-up must not ask for itself. */
const NOT_RECOVERED = [
  '/api/console/login',
  '/api/console/logout',
  '/api/console/mfa/reauthenticate',
  '/api/console/login/passkey',
  '/api/console/passkeys/challenge',
];

const MAIN_ID = 'console-main';
/** PatternFly's Page shows the sidebar beside the content from its xl breakpoint (1200 px) up. */
const BESIDE_CONTENT = '(min-width: 1200px)';

function sidebarFits(): boolean {
  return window.matchMedia(BESIDE_CONTENT).matches;
}

/** A sidebar entry that is a router link, marked current for its page and the pages below it. */
function NavEntry({
  to,
  children,
  onNavigate,
}: {
  to: string;
  children: ReactNode;
  onNavigate: () => void;
}) {
  const { pathname } = useLocation();
  const isActive = pathname === to || pathname.startsWith(`${to}/`);
  return (
    // NavItem gives its link the click handler (and aria-current): it must be the NavItem's.
    <NavItem isActive={isActive} onClick={onNavigate}>
      <NavLink to={to}>{children}</NavLink>
    </NavItem>
  );
}

/**
 * The console's frame: masthead with who is signed in, sidebar navigation, skip link; sends
 * strangers to sign in. It also handles two answers any page may get: `reauthentication-required`
 * asks for a code (or password) and sends the action again once; `mfa-enrolment-required`
 * goes to the two-factor page, the one place left open.
 */
export default function ConsoleLayout() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [me, setMe] = useState<Me>();
  const administrator = me?.administrator;
  const [error, setError] = useState<unknown>();
  const [isSidebarOpen, setSidebarOpen] = useState(sidebarFits);

  // Crossing the breakpoint (a phone turned, a window resized) opens or closes the sidebar.
  useEffect(() => {
    const query = window.matchMedia(BESIDE_CONTENT);
    const follow = () => setSidebarOpen(query.matches);
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);

  const loadMe = useCallback(async () => {
    try {
      const answer = await api<Me>('GET', '/api/console/me');
      setMe(answer);
      if (answer.mfa?.enrolmentOverdue) navigate(TWO_FACTOR_PATH);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) {
        rememberBreakGlass(false);
        navigate('/console/sign-in');
      } else setError(caught);
    }
  }, [navigate]);

  useEffect(() => {
    void loadMe();
  }, [loadMe]);

  // One step-up dialog at a time: requests refused together wait for the same answer.
  const [stepUp, setStepUp] = useState<{ resolve: (done: boolean) => void }>();
  const pendingStepUp = useRef<Promise<boolean> | undefined>(undefined);
  const enrolled = me?.mfa?.enrolled ?? false;

  useEffect(() => {
    setApiRecovery(async (refusal, path) => {
      if (NOT_RECOVERED.includes(path)) return false;
      if (refusal.code === 'mfa-enrolment-required') {
        navigate(TWO_FACTOR_PATH);
        return false;
      }
      if (refusal.code !== 'reauthentication-required') return false;
      pendingStepUp.current ??= new Promise<boolean>((resolve) => setStepUp({ resolve })).finally(
        () => {
          pendingStepUp.current = undefined;
          setStepUp(undefined);
        },
      );
      return pendingStepUp.current;
    });
    return () => setApiRecovery(undefined);
  }, [navigate]);

  const session = useMemo<ConsoleSession>(
    () => ({
      mfa: me?.mfa,
      breakGlass: (me?.breakGlass ?? false) || signedInByBreakGlass(),
      refresh: loadMe,
    }),
    [me, loadMe],
  );

  async function signOut() {
    await api('POST', '/api/console/logout').catch(() => undefined);
    rememberBreakGlass(false);
    navigate('/console/sign-in');
  }

  // On a phone the sidebar covers the page: choosing a page closes it.
  const closeOnMobile = () => !sidebarFits() && setSidebarOpen(false);
  const cloud = administrator ? isCloudAdministrator(administrator) : false;

  const masthead = (
    <Masthead display={{ default: 'inline' }}>
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton
            isHamburgerButton
            aria-label="Navigation"
            isSidebarOpen={isSidebarOpen}
            onSidebarToggle={() => setSidebarOpen((open) => !open)}
          />
        </MastheadToggle>
        <MastheadBrand>
          <MastheadLogo component="span" className="brand">
            Coffer
          </MastheadLogo>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <MastheadToolbar onSignOut={() => void signOut()}>
          {administrator && (
            <ToolbarItem visibility={{ default: 'hidden', md: 'visible' }}>
              <span className="signed-in-as">
                {administrator.email} · {ROLE_LABELS[administrator.role]}
              </span>
            </ToolbarItem>
          )}
        </MastheadToolbar>
      </MastheadContent>
    </Masthead>
  );

  const sidebar = (
    <PageSidebar isSidebarOpen={isSidebarOpen}>
      <PageSidebarBody>
        <Nav aria-label="Console">
          <NavList>
            <NavEntry to="/console/users" onNavigate={closeOnMobile}>
              Users
            </NavEntry>
            <NavEntry to="/console/profiles" onNavigate={closeOnMobile}>
              Profiles
            </NavEntry>
            {cloud && (
              <NavEntry to="/console/administrators" onNavigate={closeOnMobile}>
                Manage Administrators
              </NavEntry>
            )}
            <NavEntry to="/console/pst-exports" onNavigate={closeOnMobile}>
              PST exports
            </NavEntry>
            <NavEntry to="/console/audit" onNavigate={closeOnMobile}>
              Audit Trails
            </NavEntry>
            <NavExpandable
              title="Settings"
              groupId="settings"
              isExpanded
              isActive={pathname.startsWith('/console/settings')}
            >
              <NavEntry to="/console/settings/apis" onNavigate={closeOnMobile}>
                APIs
              </NavEntry>
              {cloud && (
                <NavEntry to="/console/settings/sso" onNavigate={closeOnMobile}>
                  Single sign-on
                </NavEntry>
              )}
              <NavEntry to={TWO_FACTOR_PATH} onNavigate={closeOnMobile}>
                Two-factor authentication
              </NavEntry>
              <NavEntry to="/console/settings/activity" onNavigate={closeOnMobile}>
                Sessions and sign-ins
              </NavEntry>
              {cloud && (
                <NavEntry to="/console/settings/security" onNavigate={closeOnMobile}>
                  Security
                </NavEntry>
              )}
            </NavExpandable>
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );

  return (
    <Page
      masthead={masthead}
      sidebar={sidebar}
      mainContainerId={MAIN_ID}
      skipToContent={<SkipToContent href={`#${MAIN_ID}`}>Skip to main content</SkipToContent>}
      // PatternFly tracks phone width (the sidebar overlays the page) only with a resize listener.
      onPageResize={() => undefined}
    >
      {administrator ? (
        <AdministratorContext.Provider value={administrator}>
          <ConsoleSessionContext.Provider value={session}>
            <MfaBanners session={session} />
            <Suspense fallback={<PageSkeleton />}>
              <Outlet />
            </Suspense>
            {stepUp && (
              <ReauthenticateDialog
                withCode={me?.mfa?.totp ?? enrolled}
                withPasskey={(me?.mfa?.passkeys ?? 0) > 0}
                onDone={stepUp.resolve}
              />
            )}
          </ConsoleSessionContext.Provider>
        </AdministratorContext.Provider>
      ) : error ? (
        <PageSection>
          <LoadFailed error={error} onRetry={() => window.location.reload()} />
        </PageSection>
      ) : (
        <PageSkeleton />
      )}
    </Page>
  );
}

function PageSkeleton() {
  return (
    <PageSection>
      <Skeleton fontSize="2xl" width="30%" screenreaderText="Loading the page" />
      <br />
      <TableSkeleton label="Loading" />
    </PageSection>
  );
}
