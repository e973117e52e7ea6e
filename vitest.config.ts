import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { configDefaults, defineConfig } from 'vitest/config';

// Tests are compiled exactly like the backend (SWC, legacy decorators + decorator metadata, which
// NestJS's dependency injection needs and esbuild/oxc do not emit). The options come from .swcrc;
// the parser syntax is left to the plugin (TypeScript for .ts, ECMAScript for .js).
const swcrc = JSON.parse(readFileSync(new URL('./.swcrc', import.meta.url), 'utf8'));
const { syntax: _syntax, ...parser } = swcrc.jsc.parser;

const sharedSetup = './test/support/global-setup.ts';

// One copy of graphql, as in production: Node resolves `graphql` to its CommonJS build for NestJS and
// Apollo, so tests must not load the ESM build for our own code (instanceof GraphQLError would differ).
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  plugins: [
    swc.vite({
      tsconfigFile: false,
      swcrc: false,
      configFile: false,
      sourceMaps: true,
      jsc: { ...swcrc.jsc, parser },
      module: { type: 'es6' },
    }),
  ],
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    // 2 cores: never more than two test processes at once, whichever project they belong to.
    maxWorkers: 2,
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['backend/src/**/*.spec.ts', 'portal/src/**/*.spec.ts'],
          environment: 'node',
          pool: 'forks',
          maxWorkers: 2,
          testTimeout: 10_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.spec.ts'],
          exclude: [...configDefaults.exclude, 'test/browser/**'],
          environment: 'node',
          // Each file gets its own process (and its own database, via createTestDatabase/startTestApp).
          pool: 'forks',
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: [sharedSetup],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.browser.spec.ts'],
          environment: 'node',
          pool: 'forks',
          // One Chromium at a time is what two cores can take next to the app under test.
          maxWorkers: 1,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: [sharedSetup, './test/support/browser.ts'],
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
