import { Kafka, type LogEntry, logLevel } from 'kafkajs';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Called for kafkajs' own warnings and errors, so they land in the service's structured log. */
  log?: (level: 'warn' | 'error', message: string, extra: Record<string, unknown>) => void;
}

/**
 * kafkajs is unmaintained; this folder is the only place that imports it so another client
 * can replace it without touching a service.
 */
export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        if (!settings.log) return;
        const { message, ...extra } = log;
        settings.log(level <= logLevel.ERROR ? 'error' : 'warn', String(message), extra);
      },
  });
}
