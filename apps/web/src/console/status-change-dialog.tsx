import { Content, List, ListItem } from '@patternfly/react-core';

import type { UserStatusAction, UserView } from '@coffer/contracts';

import { plural } from '../lib/format';
import { ConfirmDialog } from '../ui/confirm-dialog';

export interface StatusAction {
  action: UserStatusAction;
  label: string;
  done: string;
  destructive: boolean;
  consequence?: string;
}

const NAMED = 10;

/** "Disable 3 users?" naming them (the first ten, then how many more). */
export function StatusChangeDialog({
  action,
  users,
  onConfirm,
  onClose,
}: {
  action: StatusAction;
  users: UserView[];
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  return (
    <ConfirmDialog
      title={`${action.label} ${plural(users.length, 'user')}?`}
      confirmLabel={`${action.label} ${plural(users.length, 'user')}`}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      {action.consequence && <Content component="p">{action.consequence}</Content>}
      <List aria-label="Users to change">
        {users.slice(0, NAMED).map((user) => (
          <ListItem key={user.id}>
            {user.name} ({user.email})
          </ListItem>
        ))}
      </List>
      {users.length > NAMED && (
        <Content component="p">and {plural(users.length - NAMED, 'more user')}.</Content>
      )}
    </ConfirmDialog>
  );
}
