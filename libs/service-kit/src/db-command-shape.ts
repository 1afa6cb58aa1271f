/**
 * What a filter looks like without what it holds: field names and operators kept, every value
 * replaced by `?`. `{ _id: 'x', version: { $lt: 3 } }` becomes `{ _id: '?', version: { $lt: '?' } }`.
 */
export type QueryShape = '?' | QueryShape[] | { [key: string]: QueryShape };

/** One filter-bearing part of a command (an update command carries one per statement). */
export interface StatementShape {
  filter?: QueryShape;
  /** Sort keys and directions (`{ _id: 1 }`): names of fields, never values. */
  sort?: Record<string, number>;
  limit?: boolean;
  upsert?: boolean;
  multi?: boolean;
  /** The update's operators and the fields each sets; `replacement` for a whole document. */
  update?: Record<string, string[]> | 'replacement' | 'pipeline';
  /** Aggregation stage names in order (`$match`'s filter is in `filter`). */
  pipeline?: string[];
}

/** One database command a service sent, as the command log writes it: one JSON line. */
export interface DbCommandRecord {
  service: string;
  database: string;
  command: string;
  collection?: string;
  /** The request pattern the service was answering, absent for background work (relays, sweeps). */
  operation?: string;
  /** Tells one request's commands from another's: `<pid>:<n>`. */
  request?: string;
  statements?: StatementShape[];
  /** Documents an insert carried, and how many of them named their own `_id`. */
  documents?: number;
  documentsWithId?: number;
}

/** Operators whose operand is itself a filter (or a list of filters) rather than a value. */
const FILTER_OPERATORS = new Set(['$and', '$or', '$nor', '$not', '$elemMatch']);

export function queryShape(filter: unknown): QueryShape {
  if (!isPlainObject(filter)) return '?';
  const shape: Record<string, QueryShape> = {};
  for (const [key, value] of Object.entries(filter)) shape[key] = fieldShape(key, value);
  return shape;
}

function fieldShape(key: string, value: unknown): QueryShape {
  if (FILTER_OPERATORS.has(key)) {
    return Array.isArray(value) ? value.map((part) => queryShape(part)) : queryShape(value);
  }
  // `{ field: { $lt: 3 } }` keeps its operators; `{ field: { a: 1 } }` is an equality on a value.
  if (isPlainObject(value) && Object.keys(value).some((name) => name.startsWith('$'))) {
    const operators: Record<string, QueryShape> = {};
    for (const [operator, operand] of Object.entries(value)) {
      operators[operator] = FILTER_OPERATORS.has(operator) ? fieldShape(operator, operand) : '?';
    }
    return operators;
  }
  return '?';
}

/**
 * A sort's field names and directions (the driver sends a find's sort as a Map); anything else
 * (a `$meta` sort) reads as 0.
 */
function sortShape(sort: unknown): Record<string, number> | undefined {
  const entries =
    sort instanceof Map
      ? [...(sort as Map<string, unknown>).entries()]
      : isPlainObject(sort)
        ? Object.entries(sort)
        : undefined;
  if (!entries || entries.length === 0) return undefined;
  return Object.fromEntries(
    entries.map(([field, direction]) => [
      field,
      typeof direction === 'number' ? Math.sign(direction) : 0,
    ]),
  );
}

function updateShape(update: unknown): StatementShape['update'] {
  if (Array.isArray(update)) return 'pipeline';
  if (!isPlainObject(update)) return undefined;
  const operators = Object.keys(update);
  if (!operators.every((operator) => operator.startsWith('$'))) return 'replacement';
  return Object.fromEntries(
    operators.map((operator) => {
      const fields = update[operator];
      return [operator, isPlainObject(fields) ? Object.keys(fields).sort() : []];
    }),
  );
}

/**
 * The shape of one command as the driver's `commandStarted` event gives it (`commandName`,
 * `databaseName`, `command`): the collection, each filter's shape, sort keys, upsert flags.
 */
export function commandShape(
  commandName: string,
  command: Record<string, unknown>,
): Pick<
  DbCommandRecord,
  'command' | 'collection' | 'statements' | 'documents' | 'documentsWithId'
> {
  const target = command[commandName];
  const collection = typeof target === 'string' ? target : undefined;
  const base = { command: commandName, ...(collection ? { collection } : {}) };
  switch (commandName) {
    case 'find':
      return {
        ...base,
        statements: [
          compact({
            filter: queryShape(command.filter ?? {}),
            sort: sortShape(command.sort),
            limit: command.limit !== undefined || command.singleBatch === true,
          }),
        ],
      };
    case 'count':
    case 'distinct':
      return { ...base, statements: [{ filter: queryShape(command.query ?? {}) }] };
    case 'findAndModify':
      return {
        ...base,
        statements: [
          compact({
            filter: queryShape(command.query ?? {}),
            sort: sortShape(command.sort),
            upsert: command.upsert === true,
            update: command.remove === true ? undefined : updateShape(command.update),
          }),
        ],
      };
    case 'update':
      return {
        ...base,
        statements: arrayOf(command.updates).map((statement) =>
          compact({
            filter: queryShape(statement.q ?? {}),
            upsert: statement.upsert === true,
            multi: statement.multi === true,
            update: updateShape(statement.u),
          }),
        ),
      };
    case 'delete':
      return {
        ...base,
        statements: arrayOf(command.deletes).map((statement) =>
          compact({ filter: queryShape(statement.q ?? {}), multi: statement.limit === 0 }),
        ),
      };
    case 'insert': {
      const documents = arrayOf(command.documents);
      return {
        ...base,
        documents: documents.length,
        documentsWithId: documents.filter((document) => document._id !== undefined).length,
      };
    }
    case 'aggregate': {
      const stages = arrayOf(command.pipeline);
      const match = stages.find((stage) => '$match' in stage)?.$match;
      const sort = stages.find((stage) => '$sort' in stage)?.$sort;
      return {
        ...base,
        statements: [
          compact({
            pipeline: stages.map((stage) => Object.keys(stage)[0] ?? '?'),
            filter: match === undefined ? undefined : queryShape(match),
            sort: sortShape(sort),
          }),
        ],
      };
    }
    default:
      return base;
  }
}

function arrayOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

function compact(statement: StatementShape): StatementShape {
  return Object.fromEntries(
    Object.entries(statement).filter(([, value]) => value !== undefined && value !== false),
  ) as StatementShape;
}

/** A document as BSON sees it: not an array, a Date, an ObjectId or a Binary (those are values). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
