export interface DependencyHealth {
  name: string;
  up: boolean;
  detail?: string;
}

export interface ServiceHealth {
  service: string;
  up: boolean;
  dependencies: DependencyHealth[];
}

/** How far one projection has read one partition, for `npm run ops -- projections status`. */
export interface ProjectionPartitionStatus {
  topic: string;
  partition: number;
  /** The next offset the projection will read (its consumer group's committed offset). */
  position: number;
  /** The next offset the topic will write. */
  end: number;
  lag: number;
  /** When the last event it handled in this partition happened. */
  lastEventAt?: string;
}

export interface ProjectionStatus {
  service: string;
  projection: string;
  partitions: ProjectionPartitionStatus[];
}

/** One service at a glance, for `npm run ops -- status`. */
export interface ServiceStatus extends ServiceHealth {
  /** Commits written but not yet on Kafka, per outbox collection. */
  outboxBacklog: Record<string, number>;
  projections: ProjectionStatus[];
  /** Work waiting in the service's own queues, by queue name (e.g. pst-export's `exports`). */
  queues: Record<string, number>;
}

/** Every backend service answers `<service>.status` with its ServiceStatus. */
export function serviceStatusPattern(service: string): string {
  return `${service}.status`;
}
