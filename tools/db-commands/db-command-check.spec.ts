import type { DbCommandRecord } from '@coffer/service-kit';

import { commandsPerRequest } from './commands-per-request';
import {
  checkDbCommands,
  type DbCommandRules,
  describeStatement,
  isByIdStatement,
  strayAllowances,
} from './db-command-check';
import { HOT_PATH_RULES } from './hot-paths';

const rules: DbCommandRules = {
  hot: [{ service: 'identity', collection: 'sessions', why: 'every request' }],
  allowed: [
    {
      service: 'identity',
      collection: 'sessions',
      command: 'delete',
      filter: { accountId: '?' },
      index: 'accountId_1',
      why: 'password reset',
    },
  ],
};

const record = (overrides: Partial<DbCommandRecord>): DbCommandRecord => ({
  service: 'identity',
  database: 't-x-identity',
  command: 'find',
  collection: 'sessions',
  ...overrides,
});

describe('isByIdStatement', () => {
  it('accepts `_id` equality, sorted by nothing or by `_id`', () => {
    expect(isByIdStatement({ filter: { _id: '?' } })).toBe(true);
    expect(isByIdStatement({ filter: { _id: '?' }, sort: { _id: -1 }, limit: true })).toBe(true);
    expect(isByIdStatement({ filter: { _id: '?' }, upsert: true, update: { $set: ['a'] } })).toBe(
      true,
    );
  });

  it('refuses anything beside `_id`, ranges and $in on `_id`, other sorts and pipelines', () => {
    // mongo-java-server uses its _id index only when the filter names _id alone.
    expect(isByIdStatement({ filter: { _id: '?', version: { $lt: '?' } } })).toBe(false);
    expect(isByIdStatement({ filter: { _id: { $in: '?' } } })).toBe(false);
    expect(isByIdStatement({ filter: { _id: { $gt: '?' } } })).toBe(false);
    expect(isByIdStatement({ filter: { email: '?' } })).toBe(false);
    expect(isByIdStatement({ filter: {} })).toBe(false);
    expect(isByIdStatement({ filter: { _id: '?' }, sort: { createdAt: 1 } })).toBe(false);
    expect(isByIdStatement({ filter: { $and: [{ _id: '?' }] } })).toBe(false);
    expect(isByIdStatement({ filter: { _id: '?' }, pipeline: ['$match'] })).toBe(false);
  });
});

describe('checkDbCommands', () => {
  it('passes `_id` lookups, inserts and allowed shapes on hot collections', () => {
    const records = [
      record({ statements: [{ filter: { _id: '?' }, limit: true }] }),
      record({ command: 'insert', documents: 1, documentsWithId: 1 }),
      record({ command: 'delete', statements: [{ filter: { accountId: '?' }, multi: true }] }),
      record({ command: 'createIndexes' }),
      record({ command: 'getMore' }),
    ];
    expect(checkDbCommands(records, rules)).toEqual([]);
  });

  it('names each other shape on a hot collection, how often and from which requests', () => {
    const records = [
      record({ statements: [{ filter: { accountId: '?' } }], operation: 'identity.session.list' }),
      record({ statements: [{ filter: { accountId: '?' } }] }),
      record({
        command: 'update',
        statements: [{ filter: { _id: '?' } }, { filter: { _id: '?', version: { $lt: '?' } } }],
        operation: 'identity.sign-in',
      }),
    ];
    expect(checkDbCommands(records, rules)).toEqual([
      {
        service: 'identity',
        collection: 'sessions',
        command: 'find',
        shape: '{"accountId":"?"}',
        count: 2,
        operations: ['identity.session.list', 'background'],
      },
      {
        service: 'identity',
        collection: 'sessions',
        command: 'update',
        shape: '{"_id":"?","version":{"$lt":"?"}}',
        count: 1,
        operations: ['identity.sign-in'],
      },
    ]);
  });

  it('allows a shape for the command it names only', () => {
    const find = record({ statements: [{ filter: { accountId: '?' } }] });
    expect(checkDbCommands([find], rules)).toHaveLength(1);
  });

  it('leaves collections off the hot list alone', () => {
    const scan = record({ collection: 'audit_entries', statements: [{ filter: {} }] });
    expect(checkDbCommands([scan], rules)).toEqual([]);
  });

  it('applies a `*` entry to every service, and leaves exempt (operator) requests alone', () => {
    const shared: DbCommandRules = {
      hot: [{ service: '*', collection: 'events', why: 'every command' }],
      allowed: [
        {
          service: '*',
          collection: 'events',
          command: 'find',
          filter: { _id: { $in: '?' } },
          index: '_id_',
          why: 'stream windows',
        },
      ],
      exempt: [{ operation: /\.consistency$/, why: 'ops check' }],
    };
    const scan: Partial<DbCommandRecord> = {
      collection: 'events',
      statements: [{ filter: { aggregateId: '?' } }],
    };
    const window: Partial<DbCommandRecord> = {
      collection: 'events',
      statements: [{ filter: { _id: { $in: '?' } } }],
    };
    expect(
      checkDbCommands(
        [
          record({ ...window, service: 'tokens' }),
          record({ ...scan, service: 'profiles', operation: 'profiles.consistency' }),
        ],
        shared,
      ),
    ).toEqual([]);
    expect(
      checkDbCommands(
        [record({ ...scan, service: 'profiles', operation: 'profiles.create' })],
        shared,
      ),
    ).toEqual([expect.objectContaining({ service: 'profiles', collection: 'events' })]);
  });

  it('judges an aggregation on a hot collection like any other read', () => {
    const aggregate = record({
      command: 'aggregate',
      statements: [{ pipeline: ['$match'], filter: { _id: '?' } }],
    });
    expect(checkDbCommands([aggregate], rules)).toHaveLength(1);
  });
});

describe('describeStatement', () => {
  it('is the same whatever order the filter names its fields in', () => {
    expect(describeStatement({ filter: { b: '?', a: { $lt: '?' } } })).toBe(
      describeStatement({ filter: { a: { $lt: '?' }, b: '?' } }),
    );
    expect(describeStatement({ filter: { a: '?' }, sort: { a: 1, b: -1 } })).toBe(
      '{"a":"?"} sort {"a":1,"b":-1}',
    );
  });
});

describe('the project’s hot-path rules', () => {
  it('allow shapes only on collections that are on the hot list, each naming its index', () => {
    expect(strayAllowances(HOT_PATH_RULES)).toEqual([]);
    for (const entry of HOT_PATH_RULES.allowed) {
      expect(entry.index).toMatch(/^[\w.-]+$/);
      expect(entry.why.length).toBeGreaterThan(10);
    }
  });

  it('never allow a shape that is plain `_id` equality (it needs no allowance)', () => {
    for (const entry of HOT_PATH_RULES.allowed)
      expect(isByIdStatement({ filter: entry.filter, sort: entry.sort })).toBe(false);
  });
});

describe('commandsPerRequest', () => {
  it('counts the commands of each request, per kind of request, leaving background work out', () => {
    const counts = commandsPerRequest([
      record({ operation: 'identity.sign-in', request: '1:1' }),
      record({ operation: 'identity.sign-in', request: '1:1', command: 'insert' }),
      record({ operation: 'identity.sign-in', request: '1:2' }),
      record({ command: 'find', collection: 'events' }),
    ]);
    expect(counts).toEqual([
      {
        service: 'identity',
        operation: 'identity.sign-in',
        requests: 2,
        min: 1,
        max: 2,
        mean: 1.5,
        commands: { 'find sessions': 2, 'insert sessions': 1 },
      },
    ]);
  });
});
