import { mongo } from 'mongoose';

import { commandShape, queryShape } from './db-command-shape';

describe('queryShape', () => {
  it('keeps field names and operators and drops every value', () => {
    expect(
      queryShape({
        _id: 'portal:bob@example.com',
        version: { $lt: 3 },
        status: { $in: ['active', 'disabled'] },
        createdAt: new Date(),
      }),
    ).toEqual({ _id: '?', version: { $lt: '?' }, status: { $in: '?' }, createdAt: '?' });
  });

  it('descends into logical operators and $elemMatch, not into values that are documents', () => {
    expect(
      queryShape({
        $or: [{ email: /bob/i }, { name: { $regex: 'bob' } }],
        tags: { $elemMatch: { kind: 'x', n: { $gt: 1 } } },
        address: { city: 'Paris' },
        flag: { $not: { $eq: true } },
      }),
    ).toEqual({
      $or: [{ email: '?' }, { name: { $regex: '?' } }],
      tags: { $elemMatch: { kind: '?', n: { $gt: '?' } } },
      address: '?',
      flag: { $not: { $eq: '?' } },
    });
  });

  it('reads driver values (ObjectId, Binary) as values', () => {
    expect(
      queryShape({ _id: new mongo.ObjectId(), data: new mongo.Binary(Buffer.from('x')) }),
    ).toEqual({ _id: '?', data: '?' });
  });
});

describe('commandShape', () => {
  // The log must never hold a secret: a session hash, an email, a password hash.
  const secret = 'cft_secretvalue-and-bob@example.com';

  it('describes a find: filter, sort and limit, without values', () => {
    const shape = commandShape('find', {
      find: 'sessions',
      filter: { _id: secret },
      sort: { _id: -1 },
      limit: 1,
    });
    expect(shape).toEqual({
      command: 'find',
      collection: 'sessions',
      statements: [{ filter: { _id: '?' }, sort: { _id: -1 }, limit: true }],
    });
    expect(JSON.stringify(shape)).not.toContain('secret');
  });

  it('reads a sort the driver sends as a Map, in its order', () => {
    expect(
      commandShape('find', {
        find: 'users',
        filter: { orgId: 'o' },
        sort: new Map([
          ['email', 1],
          ['_id', -1],
        ]),
      }).statements,
    ).toEqual([{ filter: { orgId: '?' }, sort: { email: 1, _id: -1 } }]);
  });

  it('describes each statement of an update with its operators and fields', () => {
    expect(
      commandShape('update', {
        update: 'users',
        updates: [
          { q: { _id: secret }, u: { $set: { status: 'x', name: secret } }, upsert: true },
          { q: { orgId: 'o' }, u: { name: secret }, multi: true },
        ],
      }),
    ).toEqual({
      command: 'update',
      collection: 'users',
      statements: [
        { filter: { _id: '?' }, upsert: true, update: { $set: ['name', 'status'] } },
        { filter: { orgId: '?' }, multi: true, update: 'replacement' },
      ],
    });
  });

  it('describes deletes, findAndModify, counts and aggregations', () => {
    expect(
      commandShape('delete', {
        delete: 'saml_requests',
        deletes: [{ q: { expiresAt: { $lte: new Date() } }, limit: 0 }],
      }).statements,
    ).toEqual([{ filter: { expiresAt: { $lte: '?' } }, multi: true }]);
    expect(
      commandShape('findAndModify', {
        findAndModify: 'sign_in',
        query: { _id: secret },
        update: { $inc: { failures: 1 } },
        upsert: true,
      }).statements,
    ).toEqual([{ filter: { _id: '?' }, upsert: true, update: { $inc: ['failures'] } }]);
    expect(
      commandShape('count', { count: 'events', query: { publishedAt: null } }).statements,
    ).toEqual([{ filter: { publishedAt: '?' } }]);
    expect(
      commandShape('aggregate', {
        aggregate: 'audit_entries',
        pipeline: [{ $match: { orgId: secret } }, { $sort: { at: -1 } }, { $limit: 5 }],
      }).statements,
    ).toEqual([
      { pipeline: ['$match', '$sort', '$limit'], filter: { orgId: '?' }, sort: { at: -1 } },
    ]);
  });

  it('counts the documents of an insert and those that name their _id, nothing more', () => {
    const shape = commandShape('insert', {
      insert: 'sessions',
      documents: [{ _id: secret, accountId: secret }, { accountId: secret }],
    });
    expect(shape).toEqual({
      command: 'insert',
      collection: 'sessions',
      documents: 2,
      documentsWithId: 1,
    });
  });

  it('names the command alone when it has no collection', () => {
    expect(commandShape('ping', { ping: 1 })).toEqual({ command: 'ping' });
  });
});
