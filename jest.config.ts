import type { Config } from 'jest';

const transform: Config['transform'] = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        keepClassNames: true,
      },
    },
  ],
};

const moduleNameMapper = {
  '^@coffer/(config|contracts|event-sourcing|messaging|pst|service-kit|testing)$':
    '<rootDir>/libs/$1/src/index.ts',
};

const shared = { transform, moduleNameMapper, testEnvironment: 'node', rootDir: __dirname };

/** Unit tests (`*.spec.ts`) need nothing running; integration tests (`*.int-spec.ts`) use real infrastructure. */
const config: Config = {
  // A bound for tests that wait on real infrastructure; unit tests finish far sooner.
  testTimeout: 120_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'],
    },
    {
      // Kills services and stops Kafka or the database: run alone by `npm run test:faults`.
      ...shared,
      displayName: 'faults',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.fault-spec.ts'],
    },
  ],
};

export default config;
