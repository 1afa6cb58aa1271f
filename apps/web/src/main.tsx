import '@patternfly/react-core/dist/styles/base.css';
import './styles.css';

import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';

import { ToastProvider } from './ui/toasts';

// Each page is its own chunk: the portal never downloads the console, nor a page another.
const PortalSignIn = lazy(() => import('./portal/portal-sign-in'));
const PortalHome = lazy(() => import('./portal/portal-home'));
const PortalTwoFactor = lazy(() => import('./portal/portal-two-factor'));
const ConsoleSignIn = lazy(() => import('./console/console-sign-in'));
const ConsoleLayout = lazy(() => import('./console/console-layout'));
const UsersPage = lazy(() => import('./console/users-page'));
const UserDetailPage = lazy(() => import('./console/user-detail-page'));
const AuditTrailPage = lazy(() => import('./console/audit-trail-page'));
const ApiTokensPage = lazy(() => import('./console/api-tokens-page'));
const ProfilesPage = lazy(() => import('./console/profiles-page'));
const ProfileDetailPage = lazy(() => import('./console/profile-detail-page'));
const AdministratorsPage = lazy(() => import('./console/administrators-page'));
const SsoSettingsPage = lazy(() => import('./console/sso-settings-page'));
const TwoFactorPage = lazy(() => import('./console/two-factor-page'));
const AccountActivityPage = lazy(() => import('./console/account-activity-page'));
const SecuritySettingsPage = lazy(() => import('./console/security-settings-page'));
const PstExportsPage = lazy(() => import('./console/pst-exports-page'));
const PstDownloadPage = lazy(() => import('./download/pst-download-page'));
const ChoosePasswordPage = lazy(() => import('./passwords/choose-password-page'));
const NotFoundPage = lazy(() => import('./ui/not-found-page'));

const router = createBrowserRouter([
  { path: '/', element: <Navigate to="/portal" replace /> },
  { path: '/portal/sign-in', element: <PortalSignIn /> },
  { path: '/portal', element: <PortalHome /> },
  { path: '/portal/two-factor', element: <PortalTwoFactor /> },
  { path: '/console/sign-in', element: <ConsoleSignIn /> },
  // The emailed link itself, outside the console's frame: it works without a console session.
  { path: '/download/pst/:exportId', element: <PstDownloadPage /> },
  {
    path: '/console',
    element: <ConsoleLayout />,
    children: [
      { index: true, element: <Navigate to="/console/users" replace /> },
      { path: 'users', element: <UsersPage /> },
      { path: 'users/:userId', element: <UserDetailPage /> },
      { path: 'audit', element: <AuditTrailPage /> },
      { path: 'profiles', element: <ProfilesPage /> },
      { path: 'profiles/:profileId', element: <ProfileDetailPage /> },
      { path: 'administrators', element: <AdministratorsPage /> },
      { path: 'pst-exports', element: <PstExportsPage /> },
      { path: 'settings', element: <Navigate to="/console/settings/apis" replace /> },
      { path: 'settings/apis', element: <ApiTokensPage /> },
      { path: 'settings/sso', element: <SsoSettingsPage /> },
      { path: 'settings/two-factor', element: <TwoFactorPage /> },
      { path: 'settings/security', element: <SecuritySettingsPage /> },
      { path: 'settings/activity', element: <AccountActivityPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  { path: '/set-password', element: <ChoosePasswordPage purpose="user-setup" /> },
  { path: '/reset-password', element: <ChoosePasswordPage purpose="administrator-reset" /> },
  { path: '*', element: <NotFoundPage /> },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ToastProvider>
      <Suspense fallback={null}>
        <RouterProvider router={router} />
      </Suspense>
    </ToastProvider>
  </StrictMode>,
);
