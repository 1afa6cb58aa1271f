import { useNavigate } from 'react-router';

import { SignInForm } from '../ui/sign-in-form';
import { StandalonePage } from '../ui/standalone-page';

export default function ConsoleSignIn() {
  const navigate = useNavigate();
  return (
    <StandalonePage
      title="Sign in to the management console"
      area="Coffer console"
      intro="Administrators sign in with single sign-on, or with their fail-safe password."
    >
      <SignInForm surface="console" onSignedIn={() => navigate('/console/users')} />
    </StandalonePage>
  );
}
