import {
  Button,
  Checkbox,
  Content,
  FormSelect,
  FormSelectOption,
  Label,
  SearchInput,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { ProfileView, UserView } from '@coffer/contracts';

import { api } from '../api';
import { plural } from '../lib/format';
import { USER_STATUS_LABELS } from '../lib/labels';
import { profileOf } from '../lib/profile-impact';
import { ConsolePage } from '../ui/console-page';
import { useToasts } from '../ui/toasts';
import { Empty, LoadFailed, TableSkeleton } from '../ui/states';
import { AddUsersDialog } from './add-users-dialog';
import { StatusChangeDialog, type StatusAction } from './status-change-dialog';
import { useDebounced, useLoad } from './use-load';

/** The gateway answers at most this many users per search (no paging yet). */
const LIST_LIMIT = 500;

export const STATUS_COLORS = { active: 'green', disabled: 'red', preserved: 'grey' } as const;

/** Users: instant search and status filter kept in the URL, select, then act on the selection. */
export default function UsersPage() {
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const status = params.get('status') ?? '';
  const [typed, setTyped] = useState(query);
  const search = useDebounced(typed);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<StatusAction | 'add'>();
  const toasts = useToasts();

  // The settled search goes into the URL, so a reload or a shared link shows the same list.
  useEffect(() => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (search) next.set('q', search);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [search, setParams]);

  const users = useLoad(
    () =>
      api<UserView[]>(
        'GET',
        `/api/console/users?${new URLSearchParams({ query, limit: String(LIST_LIMIT) })}`,
      ),
    [query],
  );
  const profiles = useLoad(() => api<ProfileView[]>('GET', '/api/console/profiles'), []);

  const shown = (users.data ?? []).filter((user) => !status || user.status === status);
  const selectedUsers = shown.filter((user) => selected.has(user.id));
  const allSelected = shown.length > 0 && selectedUsers.length === shown.length;

  function setStatus(value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set('status', value);
    else next.delete('status');
    setParams(next, { replace: true });
  }

  function toggle(id: string, isSelected: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (isSelected) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function changeStatus(action: StatusAction, targets: UserView[]) {
    const failed: string[] = [];
    for (const user of targets) {
      try {
        await api('POST', `/api/console/users/${user.id}/${action.action}`);
      } catch (caught) {
        failed.push(`${user.email}: ${caught instanceof Error ? caught.message : String(caught)}`);
      }
    }
    const done = targets.length - failed.length;
    if (done > 0) toasts.success(`${action.done} ${plural(done, 'user')}.`);
    if (failed.length) toasts.failure(failed.join(' '), `${failed.length} could not be changed`);
    setSelected(new Set());
    setDialog(undefined);
    await users.reload();
  }

  const toolbar = (
    <Toolbar clearAllFilters={() => setParams(new URLSearchParams(), { replace: true })}>
      <ToolbarContent>
        <ToolbarGroup variant="filter-group" className="toolbar-wrap">
          <ToolbarItem>
            <SearchInput
              aria-label="Search users"
              placeholder="Search by name or email"
              value={typed}
              onChange={(_event, value) => setTyped(value)}
              onClear={() => setTyped('')}
            />
          </ToolbarItem>
          <ToolbarItem>
            <FormSelect
              aria-label="Status"
              value={status}
              onChange={(_event, value) => setStatus(value)}
            >
              <FormSelectOption value="" label="Every status" />
              {Object.entries(USER_STATUS_LABELS).map(([value, label]) => (
                <FormSelectOption key={value} value={value} label={label} />
              ))}
            </FormSelect>
          </ToolbarItem>
        </ToolbarGroup>
        <ToolbarGroup
          variant="action-group"
          className="toolbar-wrap"
          aria-label="Change the selected users"
          role="group"
        >
          {STATUS_ACTIONS.map((action) => (
            <ToolbarItem key={action.action}>
              <Button
                variant={action.destructive ? 'secondary' : 'primary'}
                isDanger={action.destructive}
                isDisabled={selectedUsers.length === 0}
                onClick={() =>
                  action.destructive ? setDialog(action) : void changeStatus(action, selectedUsers)
                }
              >
                {action.label}
              </Button>
            </ToolbarItem>
          ))}
        </ToolbarGroup>
      </ToolbarContent>
    </Toolbar>
  );

  return (
    <ConsolePage
      title="Users"
      description="The people of your organisation whose data Coffer backs up."
      actions={
        <Button variant="primary" onClick={() => setDialog('add')}>
          Add users
        </Button>
      }
    >
      {toolbar}
      {users.error ? (
        <LoadFailed error={users.error} onRetry={users.reload} />
      ) : !users.data ? (
        <TableSkeleton label="Loading users" />
      ) : shown.length === 0 ? (
        <Empty
          title={query || status ? 'No user matches' : 'No users yet'}
          action={
            query || status ? (
              <Button variant="link" onClick={() => setParams(new URLSearchParams())}>
                Clear the filters
              </Button>
            ) : (
              <Button onClick={() => setDialog('add')}>Add users</Button>
            )
          }
        >
          {query || status
            ? 'Change the search or the status filter.'
            : 'Add users one by one or import them from a CSV file.'}
        </Empty>
      ) : (
        <>
          <Content component="p" className="list-summary" aria-live="polite">
            {plural(shown.length, 'user')}
            {selectedUsers.length > 0 && `, ${selectedUsers.length} selected`}
            {users.data.length >= LIST_LIMIT &&
              `. Only the first ${LIST_LIMIT} matches are shown; narrow the search.`}
          </Content>
          <Table role="table" aria-label="Users of your organisation" variant="compact">
            <Thead>
              <Tr>
                <Th screenReaderText="Select" modifier="fitContent">
                  <Checkbox
                    id="select-all-users"
                    aria-label="Select all users shown"
                    isChecked={allSelected ? true : selectedUsers.length > 0 ? null : false}
                    onChange={(_event, checked) =>
                      setSelected(new Set(checked ? shown.map((user) => user.id) : []))
                    }
                  />
                </Th>
                <Th>Name</Th>
                <Th>Email</Th>
                <Th>Status</Th>
                <Th>Profile</Th>
              </Tr>
            </Thead>
            <Tbody>
              {shown.map((user) => (
                <Tr key={user.id} isRowSelected={selected.has(user.id)}>
                  <Td dataLabel="Select" modifier="fitContent">
                    <Checkbox
                      id={`select-${user.id}`}
                      aria-label={`Select ${user.email}`}
                      isChecked={selected.has(user.id)}
                      onChange={(_event, checked) => toggle(user.id, checked)}
                    />
                  </Td>
                  <Td dataLabel="Name">
                    <Link to={`/console/users/${user.id}`}>{user.name}</Link>
                  </Td>
                  <Td dataLabel="Email" modifier="breakWord">
                    {user.email}
                  </Td>
                  <Td dataLabel="Status">
                    <Label color={STATUS_COLORS[user.status]}>
                      {USER_STATUS_LABELS[user.status]}
                    </Label>
                  </Td>
                  <Td dataLabel="Profile">
                    {profiles.data ? (profileOf(user, profiles.data)?.name ?? 'None') : '…'}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </>
      )}
      {dialog === 'add' && (
        <AddUsersDialog onClose={() => setDialog(undefined)} onAdded={() => void users.reload()} />
      )}
      {dialog && dialog !== 'add' && (
        <StatusChangeDialog
          action={dialog}
          users={selectedUsers}
          onConfirm={() => changeStatus(dialog, selectedUsers)}
          onClose={() => setDialog(undefined)}
        />
      )}
    </ConsolePage>
  );
}

export const STATUS_ACTIONS: StatusAction[] = [
  { action: 'activate', label: 'Activate', done: 'Activated', destructive: false },
  {
    action: 'disable',
    label: 'Disable',
    done: 'Disabled',
    destructive: true,
    consequence: 'They can no longer sign in; their backups are kept.',
  },
  {
    action: 'preserve',
    label: 'Preserve',
    done: 'Preserved',
    destructive: true,
    consequence:
      'They can no longer sign in or back up; their backed-up data is kept for restore and export.',
  },
];
