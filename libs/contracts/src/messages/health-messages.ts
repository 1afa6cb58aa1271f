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
