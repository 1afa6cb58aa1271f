import { Button, Card, CardBody, CardTitle, Content } from '@patternfly/react-core';
import { useState } from 'react';

import type { UserDetailView } from '@coffer/contracts';

import { api } from '../api';
import { useToasts } from '../ui/toasts';

/**
 * A user who has not chosen a password yet: says so and offers Resend invite (a fresh emailed
 * link; the older one stops working). Nothing is shown once they have a password.
 */
export function UserInvitationCard({ user }: { user: UserDetailView }) {
  const toasts = useToasts();
  const [busy, setBusy] = useState(false);
  if (user.passwordSet) return null;

  async function resend() {
    setBusy(true);
    try {
      await api('POST', `/api/console/users/${user.id}/resend-invite`);
      toasts.success(`A new link to choose a password was sent to ${user.email}.`);
    } catch (caught) {
      toasts.failure(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card>
      <CardTitle component="h2">Invitation</CardTitle>
      <CardBody>
        <Content component="p">
          {user.name} has not chosen a password yet. Their emailed link works for 24 hours; a new
          one replaces it.
        </Content>
        <Button
          variant="secondary"
          className="card-action"
          isLoading={busy}
          isDisabled={busy || user.status !== 'active'}
          onClick={() => void resend()}
        >
          Resend invite
        </Button>
      </CardBody>
    </Card>
  );
}
