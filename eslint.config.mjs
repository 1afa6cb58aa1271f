import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';

import guardedEndpoint from './tools/eslint/guarded-endpoint-rule.cjs';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.infra', '.nx', 'coverage', 'artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx, 'simple-import-sort': simpleImportSort },
    rules: {
      // The groups docs/contributing.md asks for, each sorted: packages (node: built-ins apart,
      // first), then `@coffer/*`, then relative paths; side-effect imports (`reflect-metadata`)
      // stay first.
      'simple-import-sort/imports': [
        'error',
        { groups: [['^\\u0000'], ['^node:'], ['^@?\\w'], ['^@coffer/'], ['^\\.']] },
      ],
      // Apps share only libs, never each other; contracts depend on nothing of ours.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // The browser app gets the contracts' types and nothing that runs on a server (its
            // browser tests get the test helpers, which production code may not import: below).
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['scope:contracts', 'scope:testing'],
            },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // kafkajs is unmaintained: only libs/messaging may import it, so it can be swapped.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['libs/messaging/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kafkajs',
              message: 'Use @coffer/messaging; only libs/messaging imports kafkajs.',
            },
          ],
        },
      ],
    },
  },
  {
    // Test helpers (seeders, forged SAML responses, browsers) never ship: only tests, the
    // benchmarks and tools import them.
    files: ['apps/**/*.ts', 'apps/**/*.tsx', 'libs/**/*.ts'],
    ignores: [
      'libs/testing/**',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.fault-spec.ts',
      '**/test/**',
      '**/e2e/**',
    ],
    rules: {
      // The typescript-eslint twin of the core rule, so the kafkajs restriction above stays.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@coffer/testing',
              message: 'Production code cannot import the test helpers of @coffer/testing.',
            },
          ],
        },
      ],
    },
  },
  {
    // Every HTTP route authenticates its caller, or says with @Public why anyone may call it.
    files: ['apps/gateway/src/**/*.ts'],
    plugins: { coffer: { rules: { 'guarded-endpoint': guardedEndpoint } } },
    rules: {
      'coffer/guarded-endpoint': [
        'error',
        {
          authGuards: ['ConsoleAuthGuard', 'PortalSessionGuard'],
          guardedControllers: ['ConsoleController'],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly' },
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.fault-spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
