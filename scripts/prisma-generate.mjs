// Generates the Prisma client offline. `prisma generate` never runs the schema engine, but the CLI
// insists that one exists: pointing PRISMA_SCHEMA_ENGINE_BINARY at any file satisfies the check.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${root}/prisma/schema.prisma`)) process.exit(0);
const result = spawnSync('npx', ['prisma', 'generate', '--schema', 'prisma/schema.prisma'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
});
process.exit(result.status ?? 1);
