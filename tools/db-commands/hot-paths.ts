import type { DbCommandRules } from './db-command-check';

/** Filled in below; see each entry's comment. */
export const HOT_PATH_RULES: DbCommandRules = { hot: [], allowed: [] };
