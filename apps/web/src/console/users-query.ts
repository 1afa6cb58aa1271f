import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

import type { UserSort } from '@coffer/contracts';

export const PAGE_SIZES = [20, 50, 100, 200];
const DEFAULT_PAGE_SIZE = 50;
const SORTS: UserSort[] = ['email', 'name', 'status', 'profile', 'created'];

/** What the Users table shows, as the URL keeps it: a reload or a shared link shows the same page. */
export interface UsersQuery {
  q: string;
  status: string;
  sort: UserSort;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

function positive(text: string | null, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** The Users table's query from the URL, and a way to change part of it (back to page 1 unless the page is what changes). */
export function useUsersQuery(): [UsersQuery, (change: Partial<UsersQuery>) => void] {
  const [params, setParams] = useSearchParams();
  const sort = params.get('sort') as UserSort | null;
  const query: UsersQuery = {
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    sort: sort && SORTS.includes(sort) ? sort : 'email',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    page: positive(params.get('page'), 1),
    pageSize: positive(params.get('pageSize'), DEFAULT_PAGE_SIZE),
  };
  const change = useCallback(
    (update: Partial<UsersQuery>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          const values: Partial<UsersQuery> = { page: 1, ...update };
          for (const [key, value] of Object.entries(values)) {
            const isDefault =
              value === '' ||
              (key === 'page' && value === 1) ||
              (key === 'sort' && value === 'email') ||
              (key === 'order' && value === 'asc') ||
              (key === 'pageSize' && value === DEFAULT_PAGE_SIZE);
            if (isDefault) next.delete(key);
            else next.set(key, String(value));
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [query, change];
}

/** The gateway's query string for this page of users. */
export function usersApiPath(query: UsersQuery): string {
  const params = new URLSearchParams({
    sort: query.sort,
    order: query.order,
    page: String(query.page),
    pageSize: String(query.pageSize),
  });
  if (query.q) params.set('query', query.q);
  if (query.status) params.set('status', query.status);
  return `/api/console/users?${params}`;
}
