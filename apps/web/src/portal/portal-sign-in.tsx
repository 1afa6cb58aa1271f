import { useNavigate } from 'react-router';

import { Page } from '../ui/forms';
import { SignInForm } from '../ui/sign-in-form';

export default function PortalSignIn() {
  const navigate = useNavigate();
  return (
    <Page title="Sign in to the web portal">
      <SignInForm surface="portal" onSignedIn={() => navigate('/portal')} />
    </Page>
  );
}
