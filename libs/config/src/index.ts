export {
  DEFAULT_PORTS,
  ConfigError,
  databaseUrl,
  loadConfig,
  type CofferConfig,
  type PortName,
} from './config';
