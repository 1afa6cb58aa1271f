import 'reflect-metadata';

import { resolve } from 'node:path';

import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';

import { loadConfig } from '@coffer/config';
import { refuseToStartWithoutKeys, serveMetrics } from '@coffer/service-kit';

import { BackendClients } from './backend/backend-clients';
import { BoundedHttpAdapter } from './errors/bounded-http-adapter';
import { HttpErrorFilter } from './errors/http-error.filter';
import { refuseDeepJson } from './errors/json-depth';
import { GatewayModule } from './gateway.module';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { serveWebApp } from './web/web-app';

async function main() {
  refuseToStartWithoutKeys('gateway');
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(
    GatewayModule.register(config),
    new BoundedHttpAdapter(config.http),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  // Large enough that an absurd password gets the validator's clear 400, small enough to bound memory.
  app.useBodyParser('json', { limit: '2mb', verify: refuseDeepJson });
  app.useBodyParser('text', { type: 'text/csv', limit: '2mb' });
  // The PST download page's form.
  app.useBodyParser('urlencoded', { extended: false, limit: '16kb' });
  app.use(app.get(GatewayMetrics).middleware());
  app.use(cookieParser());
  // Built by Vite into dist/web, beside dist/apps/gateway.
  const notFoundPage = serveWebApp(app, resolve(__dirname, '..', '..', '..', 'web'));
  app.disable('x-powered-by');
  // Everything is under /api except the pages an emailed link opens and SAML's browser round trip.
  app.setGlobalPrefix('api', { exclude: ['download/pst/(.*)', 'sso/(.*)'] });
  app.useGlobalFilters(new HttpErrorFilter(notFoundPage));
  const openApi = new DocumentBuilder()
    .setTitle('Coffer API')
    .setDescription('Identity, export and audit control plane')
    .addBasicAuth()
    .addCookieAuth('coffer_console_session')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs-json',
  });
  app.enableShutdownHooks();
  await app.listen(config.ports.gateway, config.host);
  // Route patterns, refusals by reason and every service's health are for the scraper only:
  // served on a port of their own, never on the public one.
  const metrics = app.get(GatewayMetrics);
  const metricsServer = await serveMetrics(config.host, config.ports.gatewayMetrics, () =>
    metrics.render(),
  );
  app
    .get(Logger)
    .log(
      `gateway listening on ${config.publicUrl}, metrics on ${config.host}:${config.ports.gatewayMetrics}`,
    );
  process.once('SIGTERM', () => void metricsServer.close());
  process.once('SIGTERM', () => void app.get(BackendClients).close());
}

void main().catch((error: unknown) => {
  console.error(
    `gateway could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
