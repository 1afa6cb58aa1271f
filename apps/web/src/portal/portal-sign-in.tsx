import { useNavigate } from 'react-router';

import { SignInForm } from '../ui/sign-in-form';
import { StandalonePage } from '../ui/standalone-page';
import { PORTAL_TWO_FACTOR_PATH } from './portal-paths';

export default function PortalSignIn() {
  const navigate = useNavigate();
  return (
    <StandalonePage
      title="Sign in to the web portal"
      area="Coffer"
      intro="Restore your backed-up data and share files from your browser."
    >
      <SignInForm
        surface="portal"
        onSignedIn={() => navigate('/portal')}
        onEnrolmentRequired={() => navigate(PORTAL_TWO_FACTOR_PATH)}
      />
    </StandalonePage>
  );
}
