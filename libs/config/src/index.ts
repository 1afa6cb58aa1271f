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
  KEY_VARIABLES,
  keyRingFrom,
  localDeploymentKeys,
  MissingKeyError,
  type KeyName,
  type KeyRing,
} from './keys';
