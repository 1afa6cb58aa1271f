export { connectDatabase, databaseOf, pingDatabase, redactUrl } from './database';
export { checkDependency } from './health';
export { createLogger, type Logger } from './logger';
export { retryWithBackoff, type RetryOptions } from './retry';
export { ServiceError } from './service-error';
export { ServiceRuntime, type RuntimeOptions } from './service-runtime';
export { startBackendService, nestLogger, type BackendService } from './bootstrap';
export { healthController } from './health-controller';
export { Mailer, type OutgoingMail } from './mailer';
