/**
 * Request/response message patterns between the gateway (or ops) and the backend services.
 * One constant per pattern so a rename cannot leave a caller behind.
 */
/** Identity's own messages are `IdentityMessages`; what is left here is its health checks. */
export const IdentityPatterns = {
  health: 'identity.health',
  projections: 'identity.projections.status',
} as const;

export const AuditPatterns = {
  health: 'audit.health',
  projections: 'audit.projections.status',
  rebuild: 'audit.projections.rebuild',
  rebuildStatus: 'audit.projections.rebuild-status',
  queryTrail: 'audit.trail.query',
  getEntry: 'audit.trail.get-entry',
  compareEvents: 'audit.consistency.compare',
  countEntries: 'audit.consistency.count',
} as const;

export const ProfilesPatterns = {
  health: 'profiles.health',
  projections: 'profiles.projections.status',
  list: 'profiles.list',
  get: 'profiles.get',
  create: 'profiles.create',
  rename: 'profiles.rename',
  changeAccess: 'profiles.change-access',
  delete: 'profiles.delete',
} as const;
export const TokensPatterns = {
  health: 'tokens.health',
  create: 'tokens.create',
  list: 'tokens.list',
  copySecret: 'tokens.copy-secret',
  revoke: 'tokens.revoke',
  authenticate: 'tokens.authenticate',
} as const;
export const PstExportPatterns = {
  health: 'pst-export.health',
  importMessages: 'pst-export.mailbox.import-messages',
  finishImport: 'pst-export.mailbox.finish-import',
  request: 'pst-export.exports.request',
  list: 'pst-export.exports.list',
  get: 'pst-export.exports.get',
  reissueLink: 'pst-export.exports.reissue-link',
  authorizeDownload: 'pst-export.exports.authorize-download',
  grantHolder: 'pst-export.exports.grant-holder',
  recordDenied: 'pst-export.exports.record-denied',
  organizationOf: 'pst-export.exports.organization-of',
} as const;
