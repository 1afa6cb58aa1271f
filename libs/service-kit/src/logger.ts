import pino, { type Logger } from 'pino';

import type { CofferConfig } from '@coffer/config';

/** Structured JSON logs; fields that may hold secrets are censored wherever they appear. */
export function createLogger(service: string, config: Pick<CofferConfig, 'logLevel'>): Logger {
  return pino({
    name: service,
    level: config.logLevel,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'req.headers.authorization',
        'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
