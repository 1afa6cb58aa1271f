import { useNavigate } from 'react-router';

import { Page } from '../ui/forms';
import { SignInForm } from '../ui/sign-in-form';

export default function ConsoleSignIn() {
  const navigate = useNavigate();
  return (
    <Page title="Sign in to the management console">
      <SignInForm surface="console" onSignedIn={() => navigate('/console/users')} />
    </Page>
  );
}
