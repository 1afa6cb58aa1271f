import type { QueryShape } from '@coffer/service-kit';

import type { AllowedShape, DbCommandRules, HotCollection } from './db-command-check';

/**
 * Collections a sign-in, a token request or a console command reads or writes on every call.
 * Every command on them must find its documents by `_id` equality alone, unless its shape is on
 * the allow-list below.
 */
const HOT: HotCollection[] = [
  // identity
  {
    service: 'identity',
    collection: 'sign_in',
    why: 'every sign-in (account, hash, lockout, rules), every session check; written by account commands',
  },
  { service: 'identity', collection: 'sessions', why: 'every console and portal request' },
  { service: 'identity', collection: 'users', why: 'written by every user command; user pages' },
  {
    service: 'identity',
    collection: 'administrators',
    why: 'the owner of every API-token request, the actor of administrator commands',
  },
  {
    service: 'identity',
    collection: 'organizations',
    why: 'SSO settings (SAML sign-in, console), rules copied onto new accounts',
  },
  {
    service: 'identity',
    collection: 'profile_access',
    why: 'profile rules copied onto accounts, the wait for a profile change',
  },
  { service: 'identity', collection: 'reservations', why: 'every creation (emails, short names)' },
  { service: 'identity', collection: 'saml_requests', why: 'every SAML round trip' },
  { service: 'identity', collection: 'saml_assertions', why: 'every SAML sign-in (replay guard)' },
  { service: 'identity', collection: 'password_links', why: 'invitations and password resets' },
  // tokens
  { service: 'tokens', collection: 'api_tokens', why: 'every request made with an API token' },
  { service: 'tokens', collection: 'token_secrets', why: 'creating a token, Copy Token' },
  // pst-export
  { service: 'pst-export', collection: 'blob_files', why: 'every PST download and import' },
  { service: 'pst-export', collection: 'blob_chunks', why: 'every PST download and import' },
];

/**
 * The event-store collections every service has. TODO: another engineer is moving the event
 * store, the outbox relay and the projection checkpoints to `_id` access; add these to HOT with
 * the shapes their new code sends once it has landed (aggregate streams, the relay's position).
 */
export const EVENT_STORE_COLLECTIONS = [
  'events',
  'auth_events',
  'outbox',
  'projection_checkpoints',
  'leases',
];

const ALL: QueryShape = {};
const AFTER_ID: QueryShape = { _id: { $gt: '?' } };
const ID_IN: QueryShape = { _id: { $in: '?' } };

/**
 * `ops check` pages through a read model in `_id` order and looks documents up by a page of
 * ids: the primary key serves both on MongoDB (the embedded engines scan; it is an operator's
 * command, not a request's).
 */
function consistencyCheckOf(service: string, collection: string): AllowedShape[] {
  const why = 'ops check (checkReadModel / checkProjectedEvents): pages of the read model';
  return [
    { service, collection, command: 'find', filter: ALL, sort: { _id: 1 }, index: '_id_', why },
    {
      service,
      collection,
      command: 'find',
      filter: AFTER_ID,
      sort: { _id: 1 },
      index: '_id_',
      why,
    },
    { service, collection, command: 'find', filter: ID_IN, index: '_id_', why },
  ];
}

/** Shapes on hot collections that are not `_id` equality, each with the index that serves it. */
const ALLOWED: AllowedShape[] = [
  {
    service: 'identity',
    collection: 'users',
    command: 'find',
    filter: { orgId: '?' },
    sort: { email: 1 },
    index: 'orgId_1_email_1',
    why: 'the console user list (a page of one organisation), not a hot path',
  },
  {
    service: 'identity',
    collection: 'users',
    command: 'find',
    filter: { orgId: '?', $or: [{ email: '?' }, { name: '?' }] },
    sort: { email: 1 },
    index: 'orgId_1_email_1',
    why: 'the console user search: one organisation, its emails and names matched in order',
  },
  {
    service: 'identity',
    collection: 'administrators',
    command: 'find',
    filter: { orgId: '?' },
    sort: { email: 1 },
    index: 'orgId_1_email_1',
    why: 'Manage Administrators: the list of one organisation',
  },
  {
    service: 'identity',
    collection: 'sign_in',
    command: 'update',
    filter: { 'account.orgId': '?', 'sso.version': { $lt: '?' } },
    index: 'account.orgId_1',
    why: "an organisation's new SSO rule pushed to its accounts: when SSO settings change",
  },
  {
    service: 'identity',
    collection: 'sign_in',
    command: 'update',
    filter: {
      'account.orgId': '?',
      'access.profileId': '?',
      'access.version': { $lt: '?' },
    },
    index: 'access.profileId_1',
    why: "a profile's new rules pushed to its accounts: when a profile changes",
  },
  {
    service: 'identity',
    collection: 'sessions',
    command: 'delete',
    filter: { accountId: '?' },
    index: 'accountId_1',
    why: 'every session of an administrator whose password was just reset',
  },
  {
    service: 'identity',
    collection: 'saml_requests',
    command: 'delete',
    filter: { expiresAt: { $lte: '?' } },
    index: 'expiresAt_1',
    why: 'expired requests, swept at most once a minute per process',
  },
  {
    service: 'identity',
    collection: 'saml_assertions',
    command: 'delete',
    filter: { expiresAt: { $lte: '?' } },
    index: 'expiresAt_1',
    why: 'expired assertion ids, swept at most once a minute per process',
  },
  {
    service: 'tokens',
    collection: 'api_tokens',
    command: 'find',
    filter: { ownerId: '?' },
    sort: { createdAt: -1 },
    index: 'ownerId_1_createdAt_-1',
    why: "Settings → APIs: the caller's own tokens, newest first",
  },
  {
    service: 'tokens',
    collection: 'api_tokens',
    command: 'find',
    filter: { status: '?', expiresAt: { $lte: '?' } },
    index: 'status_1_expiresAt_1',
    why: 'the expiry sweep (a timer, not a request): tokens past their date still active',
  },
  ...consistencyCheckOf('identity', 'users'),
  ...consistencyCheckOf('identity', 'administrators'),
  ...consistencyCheckOf('identity', 'organizations'),
  ...consistencyCheckOf('identity', 'profile_access'),
  ...consistencyCheckOf('tokens', 'api_tokens'),
];

export const HOT_PATH_RULES: DbCommandRules = { hot: HOT, allowed: ALLOWED };
