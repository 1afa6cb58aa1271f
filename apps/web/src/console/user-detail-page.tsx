import {
  Alert,
  Breadcrumb,
  BreadcrumbItem,
  Button,
  Card,
  CardBody,
  CardTitle,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  Label,
  PageSection,
} from '@patternfly/react-core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import type { ProfileView, UserDetailView, UserView } from '@coffer/contracts';

import { api } from '../api';
import { USER_STATUS_LABELS } from '../lib/labels';
import { profileLocksOutOfPortal, profileOf } from '../lib/profile-impact';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ConsolePage } from '../ui/console-page';
import { LoadFailed, TableSkeleton } from '../ui/states';
import { useToasts } from '../ui/toasts';
import { isCloudAdministrator, useAdministrator } from './administrator-context';
import { SignInHistoryCard } from './sign-in-history-card';
import { type StatusAction, StatusChangeDialog } from './status-change-dialog';
import { useLoad } from './use-load';
import { UserInvitationCard } from './user-invitation-card';
import { UserMailboxesCard } from './user-mailboxes-card';
import { UserPstExportsCard } from './user-pst-exports-card';
import { STATUS_ACTIONS, STATUS_COLORS } from './users-page';

/** One user: status with its actions, profile with Change profile, their mailboxes and PST exports, their audit trail. */
export default function UserDetailPage() {
  const { userId = '' } = useParams();
  const toasts = useToasts();
  const user = useLoad(() => api<UserDetailView>('GET', `/api/console/users/${userId}`), [userId]);
  const profiles = useLoad(() => api<ProfileView[]>('GET', '/api/console/profiles'), []);
  const [statusDialog, setStatusDialog] = useState<StatusAction>();
  const [changingProfile, setChangingProfile] = useState(false);
  const [resettingMfa, setResettingMfa] = useState(false);
  const me = useAdministrator();

  if (user.error) {
    return (
      <ConsolePage title="User">
        <LoadFailed error={user.error} />
        <Link to="/console/users">Back to Users</Link>
      </ConsolePage>
    );
  }
  if (!user.data) {
    return (
      <ConsolePage title="User">
        <TableSkeleton label="Loading the user" rows={3} />
      </ConsolePage>
    );
  }
  const shown = user.data;
  const profile = profiles.data && profileOf(shown, profiles.data);

  async function resetMfa() {
    try {
      await api('POST', `/api/console/users/${shown.id}/mfa-reset`);
      toasts.success(`The two-factor authentication of ${shown.email} was reset.`);
    } catch (caught) {
      toasts.failure(caught);
    } finally {
      setResettingMfa(false);
    }
  }

  async function changeStatus(action: StatusAction) {
    try {
      await api('POST', `/api/console/users/${shown.id}/${action.action}`);
      toasts.success(`${action.done} ${shown.email}.`);
      await user.reload();
    } catch (caught) {
      toasts.failure(caught);
    } finally {
      setStatusDialog(undefined);
    }
  }

  return (
    <>
      <PageSection className="breadcrumb-section">
        <Breadcrumb>
          <BreadcrumbItem render={() => <Link to="/console/users">Users</Link>} />
          <BreadcrumbItem isActive>{shown.email}</BreadcrumbItem>
        </Breadcrumb>
      </PageSection>
      <ConsolePage title={shown.name} description={shown.email}>
        <Grid hasGutter>
          <GridItem md={6}>
            <Card>
              <CardTitle component="h2">Status</CardTitle>
              <CardBody>
                <Flex alignItems={{ default: 'alignItemsCenter' }}>
                  <Label color={STATUS_COLORS[shown.status]}>
                    {USER_STATUS_LABELS[shown.status]}
                  </Label>
                  {STATUS_ACTIONS.filter(
                    (action) =>
                      !(action.action === 'activate' && shown.status === 'active') &&
                      !(action.action === 'disable' && shown.status === 'disabled') &&
                      !(action.action === 'preserve' && shown.status === 'preserved'),
                  ).map((action) => (
                    <Button
                      key={action.action}
                      variant="secondary"
                      isDanger={action.destructive}
                      onClick={() =>
                        action.destructive ? setStatusDialog(action) : void changeStatus(action)
                      }
                    >
                      {action.label}
                    </Button>
                  ))}
                  {isCloudAdministrator(me) && (
                    <Button variant="secondary" onClick={() => setResettingMfa(true)}>
                      Reset MFA
                    </Button>
                  )}
                </Flex>
              </CardBody>
            </Card>
          </GridItem>
          <GridItem md={6}>
            <Card>
              <CardTitle component="h2">Profile</CardTitle>
              <CardBody>
                <DescriptionList isCompact>
                  <DescriptionListGroup>
                    <DescriptionListTerm>Profile</DescriptionListTerm>
                    <DescriptionListDescription>
                      {profile ? (
                        <Link to={`/console/profiles/${profile.id}`}>{profile.name}</Link>
                      ) : profiles.data ? (
                        'None'
                      ) : (
                        '…'
                      )}
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                  {profile && (
                    <DescriptionListGroup>
                      <DescriptionListTerm>Web portal</DescriptionListTerm>
                      <DescriptionListDescription>
                        Restore from web browser {profile.allowWebRestore ? 'allowed' : 'off'};
                        sharing {profile.allowShare ? 'allowed' : 'off'}
                      </DescriptionListDescription>
                    </DescriptionListGroup>
                  )}
                </DescriptionList>
                <Button
                  variant="secondary"
                  className="card-action"
                  isDisabled={!profiles.data}
                  onClick={() => setChangingProfile(true)}
                >
                  Change profile
                </Button>
              </CardBody>
            </Card>
          </GridItem>
          <GridItem>
            <UserMailboxesCard user={shown} />
          </GridItem>
          <GridItem>
            <UserPstExportsCard user={shown} />
          </GridItem>
          <GridItem>
            <UserInvitationCard user={shown} />
          </GridItem>
          <GridItem>
            <SignInHistoryCard
              path={`/api/console/users/${shown.id}/sign-ins`}
              title="Sign-in history"
              tableLabel={`Sign-ins of ${shown.email}`}
              whenEmpty={`${shown.email} has not signed in since Coffer began recording sign-ins.`}
            />
          </GridItem>
          <GridItem>
            <Link to={`/console/audit?${new URLSearchParams({ trail: 'user', q: shown.email })}`}>
              See {shown.email} in the User Audit Trail
            </Link>
          </GridItem>
        </Grid>
      </ConsolePage>
      {resettingMfa && (
        <ConfirmDialog
          title={`Reset the two-factor authentication of ${shown.email}?`}
          confirmLabel="Reset MFA"
          onConfirm={resetMfa}
          onClose={() => setResettingMfa(false)}
        >
          Their authenticator app and recovery codes stop working and all their sessions end; they
          sign in with their password alone and set up a new one if your organisation requires it.
          The other cloud administrators are emailed.
        </ConfirmDialog>
      )}
      {statusDialog && (
        <StatusChangeDialog
          action={statusDialog}
          users={[shown]}
          onConfirm={() => changeStatus(statusDialog)}
          onClose={() => setStatusDialog(undefined)}
        />
      )}
      {changingProfile && profiles.data && (
        <ChangeProfileDialog
          user={shown}
          profiles={profiles.data}
          onClose={() => setChangingProfile(false)}
          onChanged={async () => {
            setChangingProfile(false);
            await Promise.all([user.reload(), profiles.reload()]);
          }}
        />
      )}
    </>
  );
}

function ChangeProfileDialog({
  user,
  profiles,
  onClose,
  onChanged,
}: {
  user: UserView;
  profiles: ProfileView[];
  onClose: () => void;
  onChanged: () => Promise<void>;
}) {
  const toasts = useToasts();
  const current = profileOf(user, profiles)?.id;
  const [profileId, setProfileId] = useState(current ?? profiles[0]?.id ?? '');
  const target = profiles.find((profile) => profile.id === profileId);

  async function save() {
    try {
      await api('POST', `/api/console/users/${user.id}/profile`, { profileId });
      toasts.success(`${user.email} is in the profile ${target?.name ?? ''} now.`);
      await onChanged();
    } catch (caught) {
      toasts.failure(caught);
    }
  }

  return (
    <ConfirmDialog
      title={`Change the profile of ${user.name}`}
      confirmLabel="Change profile"
      variant="primary"
      isDisabled={!target || profileId === current}
      onConfirm={save}
      onClose={onClose}
    >
      <FormGroup label="New profile" fieldId="change-profile">
        <FormSelect
          id="change-profile"
          value={profileId}
          onChange={(_event, value) => setProfileId(value)}
        >
          {profiles.map((profile) => (
            <FormSelectOption key={profile.id} value={profile.id} label={profile.name} />
          ))}
        </FormSelect>
      </FormGroup>
      {target && profileLocksOutOfPortal(target) && profileId !== current && (
        <Alert
          isInline
          variant="warning"
          title="This user will no longer be able to sign in to the web portal"
        >
          The profile {target.name} allows neither restore from web browser nor sharing.
        </Alert>
      )}
      {target && profileId !== current && (
        <p>Their next sign-in follows the rules of {target.name}.</p>
      )}
    </ConfirmDialog>
  );
}
