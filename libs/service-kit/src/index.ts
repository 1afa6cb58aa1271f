export { connectDatabase, databaseOf, pingDatabase, redactUrl } from './database';
export { checkDependency } from './health';
export { createLogger, type Logger } from './logger';
export { retryWithBackoff, type RetryOptions } from './retry';
export { ServiceError } from './service-error';
export {
  EventSourcedRuntime,
  ServiceRuntime,
  type EventSourcedRuntimeOptions,
  type RuntimeOptions,
} from './service-runtime';
export {
  nestLogger,
  refuseToStartWithoutKeys,
  startBackendService,
  startEventSourcedService,
  type BackendService,
} from './bootstrap';
export { healthController } from './health-controller';
export { ServiceChecks } from './service-checks';
export { StatusGauges } from './status-gauges';
export { LATENCY_BUCKETS } from './latency-buckets';
export { serveMetrics } from './metrics-endpoint';
export { Mailer, type OutgoingMail } from './mailer';
export { commandContextSchema, emailSchema, parseRequest } from './request-schemas';
export { DB_COMMAND_LOG_VARIABLE, DbCommandLog, dbCommandLogFile } from './db-command-log';
export {
  commandShape,
  queryShape,
  type DbCommandRecord,
  type QueryShape,
  type StatementShape,
} from './db-command-shape';
export {
  currentDbOperation,
  DbOperationInterceptor,
  runAsDbOperation,
} from './db-operation-context';
export { projectLatest, writeVersioned } from './versioned-document';
export { ServiceClients } from './service-clients';
export { ServiceCallError, ServiceUnavailableError } from './service-call-error';
export { Handles } from './handles.decorator';
