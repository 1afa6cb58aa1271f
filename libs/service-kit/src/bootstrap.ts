import 'reflect-metadata';

import { type DynamicModule, type INestMicroservice, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';

import {
  assertKeysFor,
  type BackendServiceName,
  metricsAddress,
  MissingKeyError,
} from '@coffer/config';

import { DbOperationInterceptor } from './db-operation-context';
import { InfrastructureFailureFilter } from './infrastructure-failure.filter';
import type { Logger } from './logger';
import { serveMetrics } from './metrics-endpoint';
import { RequestLogInterceptor } from './request-log.interceptor';
import { RequestMetricsInterceptor } from './request-metrics.interceptor';
import { SealedCallGuard } from './sealed-call.guard';
import {
  type EventSourcedRuntime,
  type EventSourcedRuntimeOptions,
  type RuntimeOptions,
  ServiceRuntime,
} from './service-runtime';

/** Nest's own log lines, sent through the service's pino logger. */
export function nestLogger(log: Logger): LoggerService {
  return {
    log: (message: unknown, context?: string) => log.info({ context }, String(message)),
    error: (message: unknown, trace?: string, context?: string) =>
      log.error({ context, trace }, String(message)),
    warn: (message: unknown, context?: string) => log.warn({ context }, String(message)),
    debug: (message: unknown, context?: string) => log.debug({ context }, String(message)),
    verbose: (message: unknown, context?: string) => log.trace({ context }, String(message)),
  };
}

export interface BackendService<Runtime extends ServiceRuntime = ServiceRuntime> {
  runtime: Runtime;
  app: INestMicroservice;
  stop(): Promise<void>;
}

interface Endpoint {
  service: BackendServiceName;
  port: (runtime: ServiceRuntime) => number;
}

/** What a service's main.ts gives: the module of its controllers, made from its runtime. */
type ModuleOf<Runtime> = (runtime: Runtime) => DynamicModule | Promise<DynamicModule>;

/**
 * Starts a backend service: its runtime, then a request/response (TCP) endpoint on
 * 127.0.0.1 that the gateway and ops call. SIGTERM and SIGINT stop it cleanly.
 */
export async function startBackendService(
  options: RuntimeOptions & Endpoint,
  module: ModuleOf<ServiceRuntime>,
): Promise<BackendService> {
  refuseToStartWithoutKeys(options.service);
  return serve(await ServiceRuntime.start(options), options, module);
}

/** Starts an event-sourced backend service, whose runtime has its event store and relay. */
export async function startEventSourcedService(
  options: EventSourcedRuntimeOptions & Endpoint,
  module: ModuleOf<EventSourcedRuntime>,
): Promise<BackendService<EventSourcedRuntime>> {
  refuseToStartWithoutKeys(options.service);
  return serve(await ServiceRuntime.startEventSourced(options), options, module);
}

async function serve<Runtime extends ServiceRuntime>(
  runtime: Runtime,
  options: Endpoint,
  module: ModuleOf<Runtime>,
): Promise<BackendService<Runtime>> {
  const app = await NestFactory.createMicroservice(await module(runtime), {
    transport: Transport.TCP,
    options: { host: runtime.config.host, port: options.port(runtime) },
    logger: nestLogger(runtime.log),
  });
  app.useGlobalInterceptors(
    new RequestLogInterceptor(runtime.log),
    new RequestMetricsInterceptor(runtime.metrics),
    // Only when commands are recorded: it tags each with the request that caused it.
    ...(runtime.commandLog ? [new DbOperationInterceptor()] : []),
  );
  app.useGlobalGuards(new SealedCallGuard(runtime.config.serviceKeys));
  app.useGlobalFilters(new InfrastructureFailureFilter(runtime.service));
  await app.listen();
  const metricsPort = metricsAddress(runtime.config, options.service).port;
  const metrics = await serveMetrics(runtime.config.host, metricsPort, async () =>
    runtime.metrics.render(await runtime.checks.status()),
  );
  runtime.log.info({ port: options.port(runtime), metricsPort }, `${runtime.service} listening`);
  const stop = async () => {
    await new Promise((resolve) => metrics.close(resolve));
    await app.close();
    await runtime.stop();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void stop().finally(() => process.exit(0));
    });
  }
  return { runtime, app, stop };
}

/**
 * A service that lacks a key it needs stops before it does anything, with the sentence that names
 * the variable and how to make one (no key has a default).
 */
export function refuseToStartWithoutKeys(service: string, env = process.env): void {
  try {
    assertKeysFor(env, service);
  } catch (error) {
    if (!(error instanceof MissingKeyError)) throw error;
    console.error(`${service} cannot start: ${error.message}`);
    process.exit(1);
  }
}
