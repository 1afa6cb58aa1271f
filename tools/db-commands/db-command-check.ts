import type { DbCommandRecord, QueryShape, StatementShape } from '@coffer/service-kit';

/** A collection that a sign-in, a token request or a console command touches on every call. */
export interface HotCollection {
  /** `*` for a collection every service has (the event store's). */
  service: string;
  collection: string;
  /** What reads or writes it on the hot path. */
  why: string;
}

/** A query shape on a hot collection that is not `_id` equality, accepted because an index serves it. */
export interface AllowedShape {
  service: string;
  collection: string;
  command: string;
  filter: QueryShape;
  sort?: Record<string, number>;
  /** Stage names, for an aggregation. */
  pipeline?: string[];
  /** The MongoDB index that serves it in production (the embedded engines may scan). */
  index: string;
  /** Who sends it, and why it is not on a hot path or cannot be keyed by `_id`. */
  why: string;
}

/** Requests that are nobody's hot path (the operator's CLI): what they send is not judged. */
export interface ExemptOperation {
  operation: RegExp;
  why: string;
}

export interface DbCommandRules {
  hot: HotCollection[];
  allowed: AllowedShape[];
  exempt?: ExemptOperation[];
}

function sameService(rule: string, service: string): boolean {
  return rule === '*' || rule === service;
}

function isHot(rules: DbCommandRules, service: string, collection: string): boolean {
  return rules.hot.some(
    (entry) => sameService(entry.service, service) && entry.collection === collection,
  );
}

export interface Violation {
  service: string;
  collection: string;
  command: string;
  /** The statement as the allow-list would name it: filter and sort. */
  shape: string;
  count: number;
  /** Requests that sent it (`background` for work outside a request). */
  operations: string[];
}

/** Commands that read or write documents; the rest (indexes, cursors, pings) are not judged. */
const DOCUMENT_COMMANDS = new Set([
  'find',
  'findAndModify',
  'update',
  'delete',
  'count',
  'distinct',
  'aggregate',
]);

/**
 * Exactly `{ _id: <value> }`, sorted by nothing or `_id` alone: the one lookup every engine
 * serves from its primary key. Anything beside `_id` disqualifies it, because mongo-java-server
 * uses an index only when the filter names exactly that index's fields, and FerretDB pushes
 * nothing but `_id` equality down to SQLite.
 */
export function isByIdStatement(statement: StatementShape): boolean {
  if (statement.pipeline) return false;
  const filter = statement.filter;
  if (typeof filter !== 'object' || Array.isArray(filter)) return false;
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== '_id' || filter._id !== '?') return false;
  const sortKeys = Object.keys(statement.sort ?? {});
  return sortKeys.length === 0 || (sortKeys.length === 1 && sortKeys[0] === '_id');
}

/** A statement's filter and sort as one stable string (filter keys in order, sort keys as sent). */
export function describeStatement(
  statement: Pick<StatementShape, 'filter' | 'sort' | 'pipeline'>,
): string {
  const filter = stableJson(statement.filter ?? {});
  const pipeline = statement.pipeline ? ` pipeline ${statement.pipeline.join(',')}` : '';
  return statement.sort && Object.keys(statement.sort).length > 0
    ? `${filter} sort ${JSON.stringify(statement.sort)}${pipeline}`
    : `${filter}${pipeline}`;
}

function isAllowed(
  record: DbCommandRecord,
  statement: StatementShape,
  allowed: AllowedShape[],
): boolean {
  const description = describeStatement(statement);
  return allowed.some(
    (entry) =>
      sameService(entry.service, record.service) &&
      entry.collection === record.collection &&
      entry.command === record.command &&
      describeStatement(entry) === description,
  );
}

/**
 * Every statement on a hot collection that is not `_id` equality and not on the allow-list,
 * grouped by collection, command and shape, with how often each was sent and by which requests.
 */
export function checkDbCommands(records: DbCommandRecord[], rules: DbCommandRules): Violation[] {
  const found = new Map<string, Violation>();
  const exempt = (operation?: string) =>
    operation !== undefined &&
    (rules.exempt ?? []).some((entry) => entry.operation.test(operation));
  for (const record of records) {
    if (!record.collection || !DOCUMENT_COMMANDS.has(record.command)) continue;
    if (!isHot(rules, record.service, record.collection) || exempt(record.operation)) continue;
    for (const statement of record.statements ?? [{}]) {
      if (isByIdStatement(statement) || isAllowed(record, statement, rules.allowed)) continue;
      const shape = describeStatement(statement);
      const key = `${record.service}/${record.collection}/${record.command}/${shape}`;
      const violation = found.get(key) ?? {
        service: record.service,
        collection: record.collection,
        command: record.command,
        shape,
        count: 0,
        operations: [],
      };
      violation.count += 1;
      const operation = record.operation ?? 'background';
      if (!violation.operations.includes(operation)) violation.operations.push(operation);
      found.set(key, violation);
    }
  }
  return [...found.values()];
}

/** Allow-list entries that name a collection not on the hot list: a typo, or a list gone stale. */
export function strayAllowances(rules: DbCommandRules): AllowedShape[] {
  return rules.allowed.filter((entry) => !isHot(rules, entry.service, entry.collection));
}

function stableJson(shape: QueryShape): string {
  if (typeof shape === 'string') return JSON.stringify(shape);
  if (Array.isArray(shape)) return `[${shape.map(stableJson).join(',')}]`;
  const keys = Object.keys(shape).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${stableJson(shape[key])}`).join(',')}}`;
}
