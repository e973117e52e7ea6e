/**
 * backend/schema.graphql is the reviewed contract of the API (the portal and partners build on it):
 * the schema the running app serves must be exactly the committed one, so every API change shows up
 * in a diff of that file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSettleSchema, SCHEMA_FILE, schemaFileContent } from '../../backend/src/print-schema.js';
import { startTestApp, type TestApp } from '../support/app.js';

const HOW_TO_FIX = `the GraphQL schema differs from ${relative(process.cwd(), SCHEMA_FILE)}: run \`npm run schema:graphql\` and commit the file`;

describe('GraphQL schema snapshot', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('the schema the app serves equals backend/schema.graphql', () => {
    expect(existsSync(SCHEMA_FILE), `${SCHEMA_FILE} is missing: run \`npm run schema:graphql\``).toBe(true);
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed, HOW_TO_FIX).toBe(schemaFileContent(printSettleSchema(t.app)));
  });

});
