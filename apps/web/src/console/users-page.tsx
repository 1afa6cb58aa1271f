import {
  Button,
  Checkbox,
  Content,
  FormSelect,
  FormSelectOption,
  Label,
  Pagination,
  SearchInput,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, type ThProps, Tr } from '@patternfly/react-table';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';

import type { BulkUserStatusResult, ProfileView, UserSort, UserView } from '@coffer/contracts';

import { api, apiPage } from '../api';
import { formatDateTime, plural } from '../lib/format';
import { USER_STATUS_LABELS } from '../lib/labels';
import { profileOf } from '../lib/profile-impact';
import { ConsolePage } from '../ui/console-page';
import { Empty, LoadFailed, TableSkeleton } from '../ui/states';
import { useToasts } from '../ui/toasts';
import { AddUsersDialog } from './add-users-dialog';
import { type StatusAction, StatusChangeDialog } from './status-change-dialog';
import { useDebounced, useLoad } from './use-load';
import { PAGE_SIZES, usersApiPath, useUsersQuery } from './users-query';

export const STATUS_COLORS = { active: 'green', disabled: 'red', preserved: 'grey' } as const;

/** The sortable columns, in the table's order (column 0 is the selection). */
const COLUMNS: { sort: UserSort; label: string }[] = [
  { sort: 'name', label: 'Name' },
  { sort: 'email', label: 'Email' },
  { sort: 'status', label: 'Status' },
  { sort: 'profile', label: 'Profile' },
  { sort: 'created', label: 'Created' },
];

/**
 * Users: paged, sorted and counted by the server; instant search, status filter, sort and page
 * kept in the URL; select on any page, then act on the selection with one request.
 */
export default function UsersPage() {
  const [query, change] = useUsersQuery();
  const [typed, setTyped] = useState(query.q);
  const search = useDebounced(typed);
  // Kept by id across pages, so the dialog can name every selected user.
  const [selected, setSelected] = useState<Map<string, UserView>>(new Map());
  const [dialog, setDialog] = useState<StatusAction | 'add'>();
  const toasts = useToasts();

  // The settled search goes into the URL (and back to page 1) when it changes, not when the
  // page or the sort does.
  const urlSearch = useRef(query.q);
  urlSearch.current = query.q;
  useEffect(() => {
    if (search !== urlSearch.current) change({ q: search });
  }, [search, change]);

  function clearFilters() {
    setTyped('');
    change({ q: '', status: '' });
  }

  const users = useLoad(
    () => apiPage<UserView>(usersApiPath(query)),
    [query.q, query.status, query.sort, query.order, query.page, query.pageSize],
  );
  const profiles = useLoad(() => api<ProfileView[]>('GET', '/api/console/profiles'), []);

  const shown = users.data?.items ?? [];
  const total = users.data?.total ?? 0;
  const selectedUsers = [...selected.values()];
  const selectedShown = shown.filter((user) => selected.has(user.id));
  const allShownSelected = shown.length > 0 && selectedShown.length === shown.length;
  const filtered = Boolean(query.q || query.status);

  function toggle(users: UserView[], isSelected: boolean) {
    setSelected((current) => {
      const next = new Map(current);
      for (const user of users) {
        if (isSelected) next.set(user.id, user);
        else next.delete(user.id);
      }
      return next;
    });
  }

  function sortOf(columnIndex: number, sort: UserSort): ThProps['sort'] {
    const active = COLUMNS.findIndex((column) => column.sort === query.sort) + 1;
    return {
      sortBy: { index: active, direction: query.order },
      columnIndex,
      onSort: (_event, _index, direction) =>
        change({ sort, order: sort === query.sort ? direction : 'asc' }),
    };
  }

  async function changeStatus(action: StatusAction, targets: UserView[]) {
    try {
      const answer = await api<BulkUserStatusResult>('POST', '/api/console/users/bulk-status', {
        action: action.action,
        userIds: targets.map((user) => user.id),
      });
      const emails = new Map(targets.map((user) => [user.id, user.email]));
      const failed = answer.results.flatMap((result) =>
        result.ok ? [] : [`${emails.get(result.userId) ?? result.userId}: ${result.message}`],
      );
      if (answer.changed > 0) toasts.success(`${action.done} ${plural(answer.changed, 'user')}.`);
      if (failed.length) toasts.failure(failed.join(' '), `${failed.length} could not be changed`);
      setSelected(new Map());
    } catch (caught) {
      toasts.failure(caught);
    } finally {
      setDialog(undefined);
      await users.reload();
    }
  }

  const toolbar = (
    <Toolbar clearAllFilters={clearFilters}>
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
              value={query.status}
              onChange={(_event, value) => change({ status: value })}
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
        <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
          <Pagination
            itemCount={total}
            page={query.page}
            perPage={query.pageSize}
            perPageOptions={PAGE_SIZES.map((size) => ({ title: String(size), value: size }))}
            onSetPage={(_event, page) => change({ page })}
            onPerPageSelect={(_event, pageSize) => change({ pageSize })}
            titles={{ paginationAriaLabel: 'Pages of users' }}
            isCompact
          />
        </ToolbarItem>
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
          title={filtered ? 'No user matches' : 'No users yet'}
          action={
            filtered ? (
              <Button variant="link" onClick={clearFilters}>
                Clear the filters
              </Button>
            ) : (
              <Button onClick={() => setDialog('add')}>Add users</Button>
            )
          }
        >
          {filtered
            ? 'Change the search or the status filter.'
            : 'Add users one by one or import them from a CSV file.'}
        </Empty>
      ) : (
        <>
          <Content component="p" className="list-summary" aria-live="polite">
            {plural(total, 'user')}
            {selectedUsers.length > 0 && `, ${selectedUsers.length} selected`}
            {selectedUsers.length > 0 && (
              <Button variant="link" isInline onClick={() => setSelected(new Map())}>
                &nbsp;Clear the selection
              </Button>
            )}
          </Content>
          <Table role="table" aria-label="Users of your organisation" variant="compact">
            <Thead>
              <Tr>
                <Th screenReaderText="Select" modifier="fitContent">
                  <Checkbox
                    id="select-all-users"
                    aria-label="Select all users on this page"
                    isChecked={allShownSelected ? true : selectedShown.length > 0 ? null : false}
                    onChange={(_event, checked) => toggle(shown, checked)}
                  />
                </Th>
                {COLUMNS.map((column, index) => (
                  <Th key={column.sort} sort={sortOf(index + 1, column.sort)}>
                    {column.label}
                  </Th>
                ))}
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
                      onChange={(_event, checked) => toggle([user], checked)}
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
                  <Td dataLabel="Created">
                    {user.createdAt ? formatDateTime(user.createdAt) : '—'}
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
