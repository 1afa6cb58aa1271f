import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';

import './styles.css';

// Each area is its own chunk: the portal never downloads the console.
const PortalSignIn = lazy(() => import('./portal/portal-sign-in'));
const PortalHome = lazy(() => import('./portal/portal-home'));
const ConsoleSignIn = lazy(() => import('./console/console-sign-in'));
const ConsoleLayout = lazy(() => import('./console/console-layout'));
const UsersPage = lazy(() => import('./console/users-page'));
const AuditTrailPage = lazy(() => import('./console/audit-trail-page'));
const ApiTokensPage = lazy(() => import('./console/api-tokens-page'));
const ProfilesPage = lazy(() => import('./console/profiles-page'));
const AdministratorsPage = lazy(() => import('./console/administrators-page'));
const SsoSettingsPage = lazy(() => import('./console/sso-settings-page'));
const PstExportsPage = lazy(() => import('./console/pst-exports-page'));
const ChoosePasswordPage = lazy(() => import('./passwords/choose-password-page'));

const router = createBrowserRouter([
  { path: '/', element: <Navigate to="/portal" replace /> },
  { path: '/portal/sign-in', element: <PortalSignIn /> },
  { path: '/portal', element: <PortalHome /> },
  { path: '/console/sign-in', element: <ConsoleSignIn /> },
  {
    path: '/console',
    element: <ConsoleLayout />,
    children: [
      { index: true, element: <Navigate to="/console/users" replace /> },
      { path: 'users', element: <UsersPage /> },
      { path: 'audit', element: <AuditTrailPage /> },
      { path: 'profiles', element: <ProfilesPage /> },
      { path: 'administrators', element: <AdministratorsPage /> },
      { path: 'pst-exports', element: <PstExportsPage /> },
      { path: 'settings/apis', element: <ApiTokensPage /> },
      { path: 'settings/sso', element: <SsoSettingsPage /> },
    ],
  },
  { path: '/set-password', element: <ChoosePasswordPage purpose="user-setup" /> },
  { path: '/reset-password', element: <ChoosePasswordPage purpose="administrator-reset" /> },
  {
    path: '*',
    element: (
      <main className="page">
        <h1>Not found</h1>
        <p>There is nothing at this address.</p>
      </main>
    ),
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense fallback={<p>Loading…</p>}>
      <RouterProvider router={router} />
    </Suspense>
  </StrictMode>,
);
