export {
  BACKEND_SERVICE_NAMES,
  DEFAULT_PORTS,
  ConfigError,
  databaseUrl,
  loadConfig,
  metricsAddress,
  serviceAddress,
  type BackendServiceName,
  type CofferConfig,
  type PortName,
} from './config';
export {
  assertKeysFor,
  KEY_VARIABLES,
  KEYS_NEEDED_BY,
  keyRingFrom,
  localDeploymentKeys,
  MissingKeyError,
  type KeyName,
  type KeyRing,
} from './keys';
