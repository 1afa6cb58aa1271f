/**
 * What the web app may import as values (`@coffer/contracts/browser`): plain data with no zod and
 * nothing of Node, so the browser bundle stays free of them. Types come from `@coffer/contracts`.
 */
export * from './messages/audit-activity-types';
