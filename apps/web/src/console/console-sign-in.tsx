import { useNavigate } from 'react-router';

import { SignInForm } from '../ui/sign-in-form';
import { StandalonePage } from '../ui/standalone-page';
import { rememberBreakGlass } from './break-glass-note';

export default function ConsoleSignIn() {
  const navigate = useNavigate();
  return (
    <StandalonePage
      title="Sign in to the management console"
      area="Coffer console"
      intro="Administrators sign in with single sign-on, with a passkey, or with their fail-safe password."
    >
      <SignInForm
        surface="console"
        passkeys
        onSignedIn={(answer) => {
          rememberBreakGlass(answer.breakGlass === true);
          navigate('/console/users');
        }}
      />
    </StandalonePage>
  );
}
