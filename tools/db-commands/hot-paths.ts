import type { QueryShape } from '@coffer/service-kit';

import type {
  AllowedShape,
  DbCommandRules,
  ExemptOperation,
  HotCollection,
} from './db-command-check';

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
  {
    service: 'identity',
    collection: 'mfa_code_uses',
    why: 'every TOTP or recovery code accepted (the tie-breaker between racing uses)',
  },
  {
    service: 'identity',
    collection: 'webauthn_challenges',
    why: 'every passkey sign-in, second factor and registration (single-use challenges)',
  },
  {
    service: 'identity',
    collection: 'passkeys',
    why: 'every passkey sign-in and second factor (public key and signature counter)',
  },
  // tokens
  { service: 'tokens', collection: 'api_tokens', why: 'every request made with an API token' },
  { service: 'tokens', collection: 'token_secrets', why: 'creating a token, Copy Token' },
  // pst-export
  { service: 'pst-export', collection: 'blob_files', why: 'every PST download and import' },
  { service: 'pst-export', collection: 'blob_chunks', why: 'every PST download and import' },
  // The event store of every service (libs/event-sourcing), as its `_id`-only version uses it.
  { service: '*', collection: 'events', why: "every command loads its aggregate's stream" },
  { service: '*', collection: 'events_outbox', why: 'every append writes a marker; the relay' },
  { service: 'identity', collection: 'auth_events', why: 'every sign-in attempt is an event' },
  { service: 'identity', collection: 'auth_events_outbox', why: 'every sign-in attempt' },
  { service: '*', collection: 'projection_checkpoints', why: 'every batch a projection applies' },
  { service: '*', collection: 'leases', why: "each relay's lease, renewed every 5 s" },
];

/**
 * Requests from the operator's command line (`ops check`, `ops status`, `events tail`): nobody's
 * hot path, and they read whole collections in pages by design (MongoDB serves those pages from
 * `_id_` and the indexes each event store and read model creates).
 */
const EXEMPT: ExemptOperation[] = [
  {
    operation: /\.(consistency|consistency\.projected|events\.page|status|projections\.status)$/,
    why: 'ops check, ops status, ops events: operator commands that page through collections',
  },
];

/** The event store's `readPage` filters: the first page, then every page after a position. */
const MAILBOX_BACKFILL_PAGES: QueryShape[] = [
  {},
  { $or: [{ committedAt: { $gt: '?' } }, { committedAt: '?', _id: { $gt: '?' } }] },
];

/**
 * The outbox of an event store: only markers of commits Kafka has not acknowledged yet, so the
 * relay reads it whole, in `_id` (stream and version) order.
 */
function outboxShapes(service: string, collection: string): AllowedShape[] {
  return [
    {
      service,
      collection,
      command: 'find',
      filter: {},
      sort: { _id: 1 },
      index: '_id_',
      why: 'the relay reading the first markers of the pending set in order',
    },
    {
      service,
      collection,
      command: 'find',
      filter: { aggregateId: { $in: '?' } },
      index: 'aggregateId_1',
      why: "the relay's check that no earlier commit of a stream is still pending",
    },
    {
      service,
      collection,
      command: 'delete',
      filter: { _id: { $in: '?' } },
      index: '_id_',
      why: 'the markers of a batch Kafka acknowledged, in one statement',
    },
    {
      service,
      collection,
      command: 'delete',
      filter: { _id: '?', nonce: '?' },
      index: '_id_',
      why: 'a marker given back by a writer that lost its race, or dropped as an orphan',
    },
    {
      service,
      collection,
      command: 'aggregate',
      filter: {},
      pipeline: ['$match', '$group'],
      index: '_id_',
      why: 'the size of the pending set, for the metrics (only what Kafka has not acknowledged)',
    },
  ];
}

/**
 * The console's Users table (`GET /api/console/users`): one organisation, optionally one status
 * and a search, sorted by any column then email, one page counted in the same filter. Every
 * combination is listed; each is served by an `orgId_1_<column>_1_email_1` index on MongoDB.
 */
function usersTableShapes(): AllowedShape[] {
  const columns = ['email', 'name', 'status', 'profileId', 'createdAt'];
  const filters = [false, true].flatMap((byStatus) =>
    [false, true].map((bySearch): QueryShape => {
      const filter: Record<string, QueryShape> = { orgId: '?' };
      if (byStatus) filter.status = '?';
      if (bySearch) filter.$or = [{ email: '?' }, { name: '?' }];
      return filter;
    }),
  );
  return filters.flatMap((filter): AllowedShape[] => [
    {
      service: 'identity',
      collection: 'users',
      command: 'aggregate',
      filter,
      pipeline: ['$match', '$group'],
      index: 'orgId_1_email_1',
      why: 'the Users table: how many users match, shown on every page',
    },
    ...columns.flatMap((column) =>
      [1, -1].map((direction): AllowedShape => ({
        service: 'identity',
        collection: 'users',
        command: 'find',
        filter,
        sort: column === 'email' ? { email: direction } : { [column]: direction, email: 1 },
        index: column === 'email' ? 'orgId_1_email_1' : `orgId_1_${column}_1_email_1`,
        why: 'the Users table: one page of one organisation, sorted by a column',
      })),
    ),
  ]);
}

/** Shapes on hot collections that are not `_id` equality, each with the index that serves it. */
const ALLOWED: AllowedShape[] = [
  ...usersTableShapes(),
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
    collection: 'sign_in',
    command: 'find',
    filter: { _id: { $in: '?' } },
    index: '_id_',
    why: "a password sign-in: its sign-in document and its client address's lockout counter in one read (SignInDirectory.getEach)",
  },
  // A second factor is used up by one conditional update of the account's own sign-in document:
  // found by `_id`, the rest is the condition that makes a code (or a pending enrolment, or a
  // recovery code) good once. MongoDB reads the one document through `_id_`; mongo-java-server
  // checks the other fields on the document it found. Only accounts with MFA pay it.
  {
    service: 'identity',
    collection: 'sign_in',
    command: 'update',
    filter: { _id: '?', 'mfa.accountId': '?', 'mfa.pending.startedAt': '?' },
    index: '_id_',
    why: 'confirming a TOTP enrolment once',
  },
  {
    service: 'identity',
    collection: 'sign_in',
    command: 'update',
    filter: {
      $or: [{ 'mfa.lastStep': { $lt: '?' } }, { 'mfa.lastStep': { $exists: '?' } }],
      _id: '?',
      'mfa.accountId': '?',
    },
    index: '_id_',
    why: 'a TOTP code accepted once: its time step is newer than the last one used',
  },
  {
    service: 'identity',
    collection: 'sign_in',
    command: 'update',
    filter: { _id: '?', 'mfa.accountId': '?', 'mfa.recoveryCodes': '?' },
    index: '_id_',
    why: 'a recovery code used once',
  },
  {
    service: 'identity',
    collection: 'sign_in',
    command: 'update',
    filter: { _id: '?', 'mfa.accountId': '?', 'mfa.totp.enrolledAt': '?' },
    index: '_id_',
    why: 'new recovery codes, only for the authenticator they belong to (the owner asked, after step-up)',
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
    collection: 'sessions',
    command: 'find',
    filter: { accountId: '?' },
    index: 'accountId_1',
    why: "an account's session list, and finding the one to end: on request, not on a request's path",
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
    collection: 'sign_in',
    command: 'update',
    filter: { _id: '?', 'mfa.accountId': '?' },
    index: '_id_',
    why: "a passkey listed on or unlisted from the account's factor (not a stale one's)",
  },
  {
    service: 'identity',
    collection: 'passkeys',
    command: 'update',
    filter: { _id: '?', counter: { $lt: '?' } },
    index: '_id_',
    why: "a passkey's signature counter moves forward once: a clone or replay does not",
  },
  {
    service: 'identity',
    collection: 'webauthn_challenges',
    command: 'delete',
    filter: { expiresAt: { $lte: '?' } },
    index: 'expiresAt_1',
    why: 'expired challenges, swept at most once a minute per process',
  },
  {
    service: 'identity',
    collection: 'mfa_code_uses',
    command: 'delete',
    filter: { expiresAt: { $lte: '?' } },
    index: 'expiresAt_1',
    why: 'claims of codes used more than ten minutes ago, swept at most once a minute per process',
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
  // The event store (libs/event-sourcing): what its `_id`-only version sends. mongo-java-server
  // serves `_id: { $in }` from its `_id` index too; FerretDB 1.24 scans for it.
  ...['events', 'auth_events'].flatMap((collection): AllowedShape[] => [
    {
      service: collection === 'events' ? '*' : 'identity',
      collection,
      command: 'find',
      filter: { _id: { $in: '?' } },
      index: '_id_',
      why: 'a stream, loaded as a chain of commit ids in windows; the relay fetching a batch',
    },
    {
      service: collection === 'events' ? '*' : 'identity',
      collection,
      command: 'find',
      filter: { publishedAt: { $type: '?' } },
      index: 'legacy_unpublished',
      why: 'once at start: commits stored unpublished before the outbox existed',
    },
  ]),
  // pst-export's mailbox summaries (apps/pst-export/src/mailboxes/mailbox-summaries.ts): once
  // per database, at start-up, the store is paged through in commit order to fold the mailbox
  // events recorded before that read model existed; a marker in `migrations` ends it for good.
  ...MAILBOX_BACKFILL_PAGES.map((filter): AllowedShape => ({
    service: 'pst-export',
    collection: 'events',
    command: 'find',
    filter,
    sort: { committedAt: 1, _id: 1 },
    index: 'committedAt_1__id_1',
    why: 'once per database at start-up: the mailbox summaries fold what came before them',
  })),
  ...outboxShapes('*', 'events_outbox'),
  ...outboxShapes('identity', 'auth_events_outbox'),
  {
    service: '*',
    collection: 'projection_checkpoints',
    command: 'find',
    filter: { _id: { $gt: '?', $lt: '?' } },
    index: '_id_',
    why: "one projection's checkpoints by `_id` prefix (its status, the metrics)",
  },
  {
    service: '*',
    collection: 'projection_checkpoints',
    command: 'find',
    filter: { _id: { $in: '?' } },
    index: '_id_',
    why: "one projection's checkpoints of the partitions it names",
  },
  {
    service: '*',
    collection: 'leases',
    command: 'findAndModify',
    filter: { _id: '?', $or: [{ owner: '?' }, { expiresAt: { $lt: '?' } }] },
    index: '_id_',
    why: 'a relay taking or renewing its lease, every 5 s (one document per relay)',
  },
  {
    service: '*',
    collection: 'leases',
    command: 'delete',
    filter: { _id: '?', owner: '?' },
    index: '_id_',
    why: 'a relay giving its lease up when the service stops',
  },
];

export const HOT_PATH_RULES: DbCommandRules = { hot: HOT, allowed: ALLOWED, exempt: EXEMPT };
