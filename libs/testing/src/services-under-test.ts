import type { CofferConfig } from '@coffer/config';

import { IdentitySeeder } from './identity-seeder';
import { dropNamespaceDatabases } from './namespace-databases';
import { type LaunchOptions, ServiceProcesses, waitForHealthyGateway } from './service-processes';
import { testEnvironment } from './test-environment';

/** What to start: `env` is added to the namespace's environment; the rest as `LaunchOptions`. */
export type ServicesOptions = { env?: NodeJS.ProcessEnv } & Omit<LaunchOptions, 'env'>;

export interface ServicesUnderTest {
  /** The environment the services run with: the namespace's and any `env` given. */
  env: NodeJS.ProcessEnv;
  config: CofferConfig;
  mailApi: string;
  /** The gateway's public address. */
  baseUrl: string;
  seeder: IdentitySeeder;
  /** The running services, once they are started. */
  readonly services: ServiceProcesses;
}

function prepare(label: string, options: ServicesOptions) {
  const { env: own, ...launch } = options;
  const environment = testEnvironment(label);
  const env = { ...environment.env, ...own };
  const baseUrl = environment.config.publicUrl;
  const seeder = new IdentitySeeder(environment.config);
  const start = () => ServiceProcesses.launch({ ...launch, env });
  const healthy = () => waitForHealthyGateway(baseUrl);
  const stop = async (services: ServiceProcesses | undefined) => {
    await seeder.close();
    await services?.stopAll();
    await dropNamespaceDatabases(environment.config);
  };
  const shared = { env, config: environment.config, mailApi: environment.mailApi, baseUrl, seeder };
  return { shared, start, healthy, stop };
}

/**
 * The preamble of a test file against the real services: a namespace of its own (see
 * `testEnvironment`), every service started before the file's first test with the gateway
 * healthy, and everything stopped after its last, the namespace's databases dropped. Call it at
 * the top of a `describe`, before the file's own hooks, which then find the services running.
 */
export function servicesUnderTest(label: string, options: ServicesOptions = {}): ServicesUnderTest {
  const { shared, start, healthy, stop } = prepare(label, options);
  let services: ServiceProcesses | undefined;

  beforeAll(async () => {
    services = await start();
    await healthy();
  });

  afterAll(() => stop(services));

  return {
    ...shared,
    get services() {
      if (!services) throw new Error('the services start in beforeAll: use them in a hook or test');
      return services;
    },
  };
}

/**
 * The same for a script (a benchmark): the services run while `work` does, and stop however
 * it ends.
 */
export async function withServicesRunning<Result>(
  label: string,
  options: ServicesOptions,
  work: (running: ServicesUnderTest) => Promise<Result>,
): Promise<Result> {
  const { shared, start, healthy, stop } = prepare(label, options);
  const services = await start();
  try {
    await healthy();
    return await work({ ...shared, services });
  } finally {
    await stop(services);
  }
}
