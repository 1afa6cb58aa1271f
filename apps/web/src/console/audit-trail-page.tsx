import {
  Button,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  ExpandableSection,
  FormSelect,
  FormSelectOption,
  SearchInput,
  Tab,
  Tabs,
  TabTitleText,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

import type { AdministratorView, AuditEntryView, AuditTrailPage } from '@coffer/contracts';
import {
  AUDIT_ACTIVITY_TYPE_NAMES,
  AUDIT_ACTIVITY_TYPES,
  CLOUD_ADMINISTRATOR_ONLY_ACTIVITY_TYPES,
} from '@coffer/contracts/browser';

import { api } from '../api';
import { detailRows } from '../lib/audit-details';
import { formatDateTime, plural } from '../lib/format';
import {
  describeTimeZone,
  localDayRangeToInstants,
  QUICK_RANGES,
  quickRangeDays,
} from '../lib/local-days';
import { ConsolePage } from '../ui/console-page';
import { DayFilter } from '../ui/day-filter';
import { Empty, LoadFailed, TableSkeleton } from '../ui/states';
import { useToasts } from '../ui/toasts';
import { isCloudAdministrator, useAdministrator } from './administrator-context';
import { useDebounced, useLoad } from './use-load';

/** The filter's choices: the audit service's own list, less what this administrator cannot see. */
function activityChoices(cloudAdministrator: boolean): [string, string][] {
  return AUDIT_ACTIVITY_TYPE_NAMES.filter(
    (name) => cloudAdministrator || !CLOUD_ADMINISTRATOR_ONLY_ACTIVITY_TYPES.includes(name),
  ).map((name) => [name, AUDIT_ACTIVITY_TYPES[name].label]);
}

function activityLabel(activityType: string): string {
  return (
    AUDIT_ACTIVITY_TYPES[activityType as keyof typeof AUDIT_ACTIVITY_TYPES]?.label ?? activityType
  );
}

const PAGE_SIZE = 100;

/**
 * Audit Trails, Admin and User tabs. The filters live in the URL, so a filtered view can be
 * sent to another administrator as it is. Days are the browser's local days, both ends
 * included, sent to the API as the UTC instants where they begin and end.
 */
export default function AuditTrailPage() {
  const [params, setParams] = useSearchParams();
  const toasts = useToasts();
  const me = useAdministrator();
  const trail = params.get('trail') === 'user' ? 'user' : 'admin';
  const fromDay = params.get('from') ?? '';
  const toDay = params.get('to') ?? '';
  const [typed, setTyped] = useState(params.get('q') ?? '');
  const search = useDebounced(typed);
  const [more, setMore] = useState<AuditEntryView[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [refreshed, setRefreshed] = useState(0);

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

  const query = new URLSearchParams({ trail });
  for (const name of ['activityType', 'administratorId', 'q']) {
    const value = params.get(name);
    if (value) query.set(name, value);
  }
  const instants = localDayRangeToInstants(fromDay || undefined, toDay || undefined);
  if (instants.from) query.set('from', instants.from);
  if (instants.to) query.set('to', instants.to);
  const queryString = query.toString();

  const page = useLoad(
    () => api<AuditTrailPage>('GET', `/api/console/audit-trail?${queryString}&limit=${PAGE_SIZE}`),
    [queryString, refreshed],
  );
  useEffect(() => {
    setMore([]);
    setNextCursor(page.data?.nextCursor ?? null);
  }, [page.data]);

  const administrators = useLoad(
    () =>
      api<AdministratorView[]>('GET', '/api/console/administrators').catch(
        () => [] as AdministratorView[],
      ),
    [],
  );

  async function showMore() {
    if (!nextCursor) return;
    try {
      const next = await api<AuditTrailPage>(
        'GET',
        `/api/console/audit-trail?${queryString}&limit=${PAGE_SIZE}&cursor=${encodeURIComponent(nextCursor)}`,
      );
      setMore((shown) => [...shown, ...next.entries]);
      setNextCursor(next.nextCursor);
    } catch (caught) {
      toasts.failure(caught);
    }
  }

  function set(values: Record<string, string>) {
    // From the URL as it is now, not as this render saw it: two changes in a row both count.
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [name, value] of Object.entries(values)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      return next;
    });
  }

  const entries = [...(page.data?.entries ?? []), ...more];
  const activeRange = QUICK_RANGES.find(({ range }) => {
    const days = quickRangeDays(range, new Date());
    return days.from === fromDay && days.to === toDay;
  })?.range;
  const rangeProblem =
    fromDay && toDay && fromDay > toDay ? 'The first day is after the last.' : undefined;

  const content = (
    <>
      <Toolbar
        clearAllFilters={() => setParams(new URLSearchParams(trail === 'user' ? { trail } : {}))}
      >
        <ToolbarContent>
          <ToolbarGroup variant="filter-group" className="toolbar-wrap">
            <ToolbarItem>
              <FormSelect
                aria-label="Activity Type"
                value={params.get('activityType') ?? ''}
                onChange={(_event, value) => set({ activityType: value })}
              >
                <FormSelectOption value="" label="All activity types" />
                {activityChoices(isCloudAdministrator(me)).map(([value, label]) => (
                  <FormSelectOption key={value} value={value} label={label} />
                ))}
              </FormSelect>
            </ToolbarItem>
            {(administrators.data?.length ?? 0) > 0 && (
              <ToolbarItem>
                <FormSelect
                  aria-label="Administrator"
                  value={params.get('administratorId') ?? ''}
                  onChange={(_event, value) => set({ administratorId: value })}
                >
                  <FormSelectOption value="" label="All administrators" />
                  {administrators.data!.map((administrator) => (
                    <FormSelectOption
                      key={administrator.id}
                      value={administrator.id}
                      label={administrator.email}
                    />
                  ))}
                </FormSelect>
              </ToolbarItem>
            )}
            <ToolbarItem>
              <SearchInput
                aria-label="Search the trail"
                placeholder="Text, email or target"
                value={typed}
                onChange={(_event, value) => setTyped(value)}
                onClear={() => setTyped('')}
              />
            </ToolbarItem>
          </ToolbarGroup>
          <ToolbarGroup variant="filter-group" className="toolbar-wrap">
            <ToolbarItem>
              <DayFilter
                label="From day"
                placeholder="From (yyyy-mm-dd)"
                day={fromDay}
                onDay={(from) => set({ from })}
              />
            </ToolbarItem>
            <ToolbarItem>
              <DayFilter
                label="To day (included)"
                placeholder="To (yyyy-mm-dd)"
                day={toDay}
                onDay={(to) => set({ to })}
              />
            </ToolbarItem>
            <ToolbarItem>
              <ToggleGroup aria-label="Quick ranges">
                {QUICK_RANGES.map(({ range, label }) => (
                  <ToggleGroupItem
                    key={range}
                    text={label}
                    isSelected={activeRange === range}
                    onChange={() => set(quickRangeDays(range, new Date()))}
                  />
                ))}
              </ToggleGroup>
            </ToolbarItem>
          </ToolbarGroup>
          <ToolbarGroup variant="action-group" className="toolbar-wrap">
            <ToolbarItem>
              <Button variant="secondary" onClick={() => setRefreshed((count) => count + 1)}>
                Refresh
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button
                variant="link"
                component="a"
                href={`/api/console/audit-trail/csv?${queryString}`}
                download
              >
                Export CSV
              </Button>
            </ToolbarItem>
          </ToolbarGroup>
        </ToolbarContent>
      </Toolbar>
      {rangeProblem ? (
        <LoadFailed error={rangeProblem} />
      ) : page.error ? (
        <LoadFailed error={page.error} onRetry={page.reload} />
      ) : !page.data ? (
        <TableSkeleton label="Loading the audit trail" />
      ) : entries.length === 0 ? (
        <Empty title="No entries">
          Nothing matches these filters. Widen the days or clear the filters.
        </Empty>
      ) : (
        <>
          <Content component="p" className="list-summary" role="status">
            {plural(page.data.total, 'entry', 'entries')}
          </Content>
          <Table role="table" aria-label="Audit entries" variant="compact">
            <Thead>
              <Tr>
                <Th screenReaderText="Details" />
                <Th>When</Th>
                <Th>What happened</Th>
                <Th>Activity</Th>
              </Tr>
            </Thead>
            {entries.map((entry, index) => (
              <AuditRow key={entry.id} entry={entry} rowIndex={index} />
            ))}
          </Table>
          {nextCursor && (
            <Button variant="secondary" className="after-table" onClick={() => void showMore()}>
              Show older entries
            </Button>
          )}
        </>
      )}
    </>
  );

  return (
    <ConsolePage
      title="Audit Trails"
      description={`Who did what, and when. Days and times are in your time zone, ${describeTimeZone(new Date())}.`}
    >
      <Tabs
        activeKey={trail}
        onSelect={(_event, key) => set({ trail: key === 'user' ? 'user' : '' })}
        aria-label="Trails"
      >
        {/* Each tab needs a panel of its own (aria-controls); the active one holds the list. */}
        <Tab eventKey="admin" title={<TabTitleText>Admin Audit Trail</TabTitleText>}>
          {trail === 'admin' ? content : <></>}
        </Tab>
        <Tab eventKey="user" title={<TabTitleText>User Audit Trail</TabTitleText>}>
          {trail === 'user' ? content : <></>}
        </Tab>
      </Tabs>
    </ConsolePage>
  );
}

/** One entry; expanding it shows who acted from where and its details as labelled values. */
function AuditRow({ entry, rowIndex }: { entry: AuditEntryView; rowIndex: number }) {
  const [isExpanded, setExpanded] = useState(false);
  const rows = detailRows(entry.details);
  return (
    <Tbody isExpanded={isExpanded}>
      <Tr>
        <Td
          expand={{
            rowIndex,
            isExpanded,
            onToggle: () => setExpanded((open) => !open),
            expandId: `audit-entry-${entry.id}`,
          }}
        />
        <Td dataLabel="When">
          <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
        </Td>
        <Td dataLabel="What happened" modifier="breakWord">
          {entry.description}
        </Td>
        <Td dataLabel="Activity">{activityLabel(entry.activityType)}</Td>
      </Tr>
      <Tr isExpanded={isExpanded}>
        <Td colSpan={4}>
          <ExpandableRowContent>
            <DescriptionList isHorizontal isCompact aria-label={`Details of: ${entry.description}`}>
              <DescriptionListGroup>
                <DescriptionListTerm>By</DescriptionListTerm>
                <DescriptionListDescription>
                  {entry.actor.email ?? entry.actor.name ?? entry.actor.type}
                </DescriptionListDescription>
              </DescriptionListGroup>
              <DescriptionListGroup>
                <DescriptionListTerm>IP address</DescriptionListTerm>
                <DescriptionListDescription>
                  {entry.actor.ip ?? 'Not recorded'}
                </DescriptionListDescription>
              </DescriptionListGroup>
              {entry.actor.userAgent && (
                <DescriptionListGroup>
                  <DescriptionListTerm>Browser</DescriptionListTerm>
                  <DescriptionListDescription>
                    <ExpandableSection toggleTextCollapsed="Show" toggleTextExpanded="Hide">
                      {entry.actor.userAgent}
                    </ExpandableSection>
                  </DescriptionListDescription>
                </DescriptionListGroup>
              )}
              {entry.target && (
                <DescriptionListGroup>
                  <DescriptionListTerm>Target</DescriptionListTerm>
                  <DescriptionListDescription>
                    {entry.target.label ?? entry.target.id}
                  </DescriptionListDescription>
                </DescriptionListGroup>
              )}
              {rows.map((row) => (
                <DescriptionListGroup key={row.label}>
                  <DescriptionListTerm>{row.label}</DescriptionListTerm>
                  <DescriptionListDescription>
                    {row.value.kind === 'link' ? (
                      <a href={row.value.href}>{row.value.href}</a>
                    ) : row.value.kind === 'none' ? (
                      'None'
                    ) : (
                      row.value.text
                    )}
                  </DescriptionListDescription>
                </DescriptionListGroup>
              ))}
            </DescriptionList>
          </ExpandableRowContent>
        </Td>
      </Tr>
    </Tbody>
  );
}
