/**
 * What the web app may import as values (`@coffer/contracts/browser`): plain data, and the zod
 * schemas of the request bodies its forms check before sending (the gateway validates the same
 * ones), with nothing of Node, so the browser bundle stays free of it. Types come from
 * `@coffer/contracts`.
 */
export * from './messages/audit-activity-types';
export { createUserBody } from './messages/identity/users-messages';
export { createApiTokenBody } from './messages/tokens-messages';
export { fieldProblems } from './messages/field-problems';
