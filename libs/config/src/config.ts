import { z } from 'zod';

import { type KeyRing, keyRingFrom, keysFromFile } from './keys';

/**
 * Default ports on 127.0.0.1. `COFFER_PORT_OFFSET` shifts all of them at once so two
 * checkouts (or a test run beside `npm start`) can run side by side; each can also be set alone.
 */
export const DEFAULT_PORTS = {
  gateway: 3000,
  identity: 4101,
  profiles: 4102,
  tokens: 4103,
  pstExport: 4104,
  audit: 4105,
  /** pst-export's own HTTP listener: streams export files to the gateway, nothing else. */
  pstExportFiles: 4114,
  /** Each service's Prometheus endpoint (`GET /metrics`), on its own port, not the public one. */
  gatewayMetrics: 4200,
  identityMetrics: 4201,
  profilesMetrics: 4202,
  tokensMetrics: 4203,
  pstExportMetrics: 4204,
  auditMetrics: 4205,
  kafka: 19092,
  kafkaController: 19093,
  mongo: 27117,
  smtp: 2525,
  smtpHttp: 8025,
} as const;

export type PortName = keyof typeof DEFAULT_PORTS;

const ENV_NAMES: Record<PortName, string> = {
  gateway: 'COFFER_GATEWAY_PORT',
  identity: 'COFFER_IDENTITY_PORT',
  profiles: 'COFFER_PROFILES_PORT',
  tokens: 'COFFER_TOKENS_PORT',
  pstExport: 'COFFER_PST_EXPORT_PORT',
  audit: 'COFFER_AUDIT_PORT',
  pstExportFiles: 'COFFER_PST_EXPORT_FILES_PORT',
  gatewayMetrics: 'COFFER_GATEWAY_METRICS_PORT',
  identityMetrics: 'COFFER_IDENTITY_METRICS_PORT',
  profilesMetrics: 'COFFER_PROFILES_METRICS_PORT',
  tokensMetrics: 'COFFER_TOKENS_METRICS_PORT',
  pstExportMetrics: 'COFFER_PST_EXPORT_METRICS_PORT',
  auditMetrics: 'COFFER_AUDIT_METRICS_PORT',
  kafka: 'COFFER_KAFKA_PORT',
  kafkaController: 'COFFER_KAFKA_CONTROLLER_PORT',
  mongo: 'COFFER_MONGO_PORT',
  smtp: 'COFFER_SMTP_PORT',
  smtpHttp: 'COFFER_SMTP_HTTP_PORT',
};

const portSchema = z.coerce.number().int().min(1).max(65_535);

const envSchema = z.object({
  COFFER_NAMESPACE: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{0,30}$/,
      'lower-case letters, digits and dashes, starting with a letter',
    )
    .default('coffer'),
  COFFER_PORT_OFFSET: z.coerce.number().int().min(0).max(50_000).default(0),
  COFFER_HOST: z.string().default('127.0.0.1'),
  COFFER_MONGO_URL: z.string().url().optional(),
  COFFER_KAFKA_BROKERS: z.string().optional(),
  COFFER_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(256).default(3),
  COFFER_TOPIC_REPLICATION: z.coerce.number().int().min(1).max(5).default(1),
  COFFER_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).max(5).optional(),
  COFFER_PUBLIC_URL: z.string().url().optional(),
  COFFER_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'),
  COFFER_INFRA_DIR: z.string().optional(),
  COFFER_SMTP_HOST: z.string().optional(),
  COFFER_MAIL_FROM: z.string().default('Coffer <no-reply@coffer.test>'),
  COFFER_TOKEN_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  COFFER_TOKEN_SWEEP_SECONDS: z.coerce.number().positive().default(60),
  COFFER_SAML_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  COFFER_HTTP_HEADERS_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(20),
  COFFER_HTTP_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(3_600).default(60),
  COFFER_HTTP_UPLOAD_TIMEOUT_SECONDS: z.coerce.number().positive().max(86_400).default(14_400),
  COFFER_PST_LINK_DAYS: z.coerce.number().positive().max(365).default(7),
  COFFER_PST_PART_MB: z.coerce.number().positive().default(2048),
  COFFER_PST_WORK_DIR: z.string().optional(),
  COFFER_BLOB_DIR: z.string().optional(),
  COFFER_PST_SWEEP_SECONDS: z.coerce.number().positive().default(60),
  COFFER_PST_LEASE_SECONDS: z.coerce.number().positive().default(30),
  COFFER_MAILBOX_IMPORT_MAX_MB: z.coerce.number().positive().default(10_240),
  COFFER_MAILBOX_IMPORT_STALLED_SECONDS: z.coerce.number().positive().default(600),
});

/** The services others call by request/response; each can live on a host of its own. */
export const BACKEND_SERVICE_NAMES = [
  'identity',
  'profiles',
  'tokens',
  'pst-export',
  'audit',
] as const;
export type BackendServiceName = (typeof BACKEND_SERVICE_NAMES)[number];

const SERVICE_PORT: Record<BackendServiceName, PortName> = {
  identity: 'identity',
  profiles: 'profiles',
  tokens: 'tokens',
  'pst-export': 'pstExport',
  audit: 'audit',
};

const METRICS_PORT: Record<BackendServiceName, PortName> = {
  identity: 'identityMetrics',
  profiles: 'profilesMetrics',
  tokens: 'tokensMetrics',
  'pst-export': 'pstExportMetrics',
  audit: 'auditMetrics',
};

/** Where a backend service serves its Prometheus metrics over HTTP. */
export function metricsAddress(
  config: CofferConfig,
  service: BackendServiceName,
): { host: string; port: number } {
  return { host: config.serviceHosts[service], port: config.ports[METRICS_PORT[service]] };
}

/** Where a backend service answers requests, as the configuration says. */
export function serviceAddress(
  config: CofferConfig,
  service: BackendServiceName,
): { host: string; port: number } {
  return { host: config.serviceHosts[service], port: config.ports[SERVICE_PORT[service]] };
}

export interface CofferConfig {
  namespace: string;
  /** Where this process listens (127.0.0.1 unless a container needs 0.0.0.0). */
  host: string;
  /** Where to reach each backend service: COFFER_IDENTITY_HOST and so on, else this machine. */
  serviceHosts: Record<BackendServiceName, string>;
  ports: Record<PortName, number>;
  mongoUrl: string;
  kafkaBrokers: string[];
  topicPrefix: string;
  topicLayout: { partitions: number; replicationFactor: number; minInsyncReplicas?: number };
  publicUrl: string;
  /** Where mail goes: the local catcher by default, any SMTP server by configuration. */
  smtp: { host: string; port: number; from: string };
  /**
   * API tokens: keys for the keyed hash and the encrypted copy (read when first used: a missing
   * key is a MissingKeyError naming its variable), longest lifetime, expiry sweep.
   */
  tokens: {
    readonly hmacKeys: KeyRing;
    readonly encryptionKeys: KeyRing;
    /** The current keys of the two rings. */
    readonly hmacKey: Buffer;
    readonly encryptionKey: Buffer;
    maxDays: number;
    sweepMs: number;
  };
  /**
   * PST exports: how long a download link lives, the size at which a file is split, where files
   * are assembled, where blobs live (the service's database unless a directory is given), how
   * often expired exports are swept, and the key that signs short-lived download grants.
   */
  pstExport: {
    linkLifetimeMs: number;
    partMaxBytes: number;
    workDir?: string;
    blobDir?: string;
    sweepMs: number;
    /** How long a worker holds an export without renewing before another may take it over. */
    leaseMs: number;
    /** The largest archive the gateway accepts for an import, and when a silent upload has failed. */
    importMaxBytes: number;
    importStalledMs: number;
    readonly grantKeys: KeyRing;
  };
  /** The key that seals every request between the gateway (or ops) and a backend service. */
  readonly serviceKeys: KeyRing;
  readonly mfaSecretKeys: KeyRing;
  /** SAML: how far the IdP's clock may be from ours when checking an assertion's time window. */
  saml: { clockSkewMs: number };
  /** The gateway's bound on slow clients: all headers within, and the whole request within. */
  http: { headersTimeoutMs: number; requestTimeoutMs: number; uploadTimeoutMs: number };
  logLevel: string;
  infraDir: string;
}

export class ConfigError extends Error {}

/** Reads the environment once, with embedded defaults for everything, and says clearly what is wrong. */
export function loadConfig(given: NodeJS.ProcessEnv = process.env): CofferConfig {
  // Keys may come from a file (a container's secrets volume); a variable set directly wins.
  const env = given.COFFER_KEYS_FILE
    ? { ...keysFromFile(given.COFFER_KEYS_FILE), ...given }
    : given;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  const ports = {} as Record<PortName, number>;
  for (const name of Object.keys(DEFAULT_PORTS) as PortName[]) {
    const explicit = env[ENV_NAMES[name]];
    const port = explicit ? portSchema.safeParse(explicit) : undefined;
    if (port && !port.success)
      throw new ConfigError(`invalid configuration: ${ENV_NAMES[name]} must be a port number`);
    ports[name] = port?.data ?? DEFAULT_PORTS[name] + values.COFFER_PORT_OFFSET;
  }
  const host = values.COFFER_HOST;
  const localHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  const serviceHosts = Object.fromEntries(
    BACKEND_SERVICE_NAMES.map((name) => [
      name,
      env[`COFFER_${name.toUpperCase().replace('-', '_')}_HOST`] ?? localHost,
    ]),
  ) as Record<BackendServiceName, string>;
  return {
    namespace: values.COFFER_NAMESPACE,
    host,
    serviceHosts,
    ports,
    mongoUrl: values.COFFER_MONGO_URL ?? `mongodb://${localHost}:${ports.mongo}`,
    kafkaBrokers: (values.COFFER_KAFKA_BROKERS ?? `${localHost}:${ports.kafka}`)
      .split(',')
      .map((broker) => broker.trim()),
    topicPrefix: `${values.COFFER_NAMESPACE}.`,
    topicLayout: {
      partitions: values.COFFER_TOPIC_PARTITIONS,
      replicationFactor: values.COFFER_TOPIC_REPLICATION,
      minInsyncReplicas: values.COFFER_MIN_INSYNC_REPLICAS,
    },
    publicUrl: values.COFFER_PUBLIC_URL ?? `http://${localHost}:${ports.gateway}`,
    smtp: {
      host: values.COFFER_SMTP_HOST ?? localHost,
      port: ports.smtp,
      from: values.COFFER_MAIL_FROM,
    },
    tokens: {
      get hmacKeys() {
        return keyRingFrom(env, 'tokenHmac');
      },
      get encryptionKeys() {
        return keyRingFrom(env, 'tokenEncryption');
      },
      get hmacKey() {
        return keyRingFrom(env, 'tokenHmac').current;
      },
      get encryptionKey() {
        return keyRingFrom(env, 'tokenEncryption').current;
      },
      maxDays: values.COFFER_TOKEN_MAX_DAYS,
      sweepMs: values.COFFER_TOKEN_SWEEP_SECONDS * 1000,
    },
    get serviceKeys() {
      return keyRingFrom(env, 'serviceCalls');
    },
    /** TOTP secrets at rest: encrypted with the current key, readable with the previous ones. */
    get mfaSecretKeys() {
      return keyRingFrom(env, 'mfaSecretEncryption');
    },
    saml: { clockSkewMs: values.COFFER_SAML_CLOCK_SKEW_SECONDS * 1000 },
    http: {
      headersTimeoutMs: values.COFFER_HTTP_HEADERS_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: values.COFFER_HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      uploadTimeoutMs: values.COFFER_HTTP_UPLOAD_TIMEOUT_SECONDS * 1000,
    },
    pstExport: {
      linkLifetimeMs: values.COFFER_PST_LINK_DAYS * 86_400_000,
      partMaxBytes: Math.round(values.COFFER_PST_PART_MB * 1024 * 1024),
      workDir: values.COFFER_PST_WORK_DIR,
      blobDir: values.COFFER_BLOB_DIR,
      sweepMs: values.COFFER_PST_SWEEP_SECONDS * 1000,
      leaseMs: values.COFFER_PST_LEASE_SECONDS * 1000,
      importMaxBytes: Math.round(values.COFFER_MAILBOX_IMPORT_MAX_MB * 1024 * 1024),
      importStalledMs: values.COFFER_MAILBOX_IMPORT_STALLED_SECONDS * 1000,
      get grantKeys() {
        return keyRingFrom(env, 'downloadGrant');
      },
    },
    logLevel: values.COFFER_LOG_LEVEL,
    infraDir: values.COFFER_INFRA_DIR ?? `${process.cwd()}/.infra`,
  };
}

/** Each service has a database of its own; none reads another's. */
export function databaseUrl(config: CofferConfig, service: string): string {
  const url = new URL(config.mongoUrl);
  url.pathname = `/${config.namespace}-${service}`;
  return url.toString();
}
