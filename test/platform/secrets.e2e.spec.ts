/**
 * Envelope encryption of tenant secrets against the real database: the SecretVault round trip and
 * its tenant isolation, what is stored (never a plaintext, never an unwrapped key), the start-up check
 * of SETTLE_MASTER_KEY, the master key rotation (rotate, restart, prune) through the library, through
 * `npm run keys:rotate` as a process and through its embedded-PostgreSQL path, and `node main.js`
 * refusing to start with the wrong key in exactly one line.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../backend/src/platform/config/config.js';
import { PrismaService } from '../../backend/src/platform/database/prisma.service.js';
import { TenantContext } from '../../backend/src/platform/database/tenant-context.js';
import { provisionInfrastructure } from '../../backend/src/platform/runtime/infrastructure.js';
import { RUNTIME_FILE } from '../../backend/src/platform/runtime/runtime-file.js';
import { DecryptionFailed, dataKeyIdOf, masterKeyId, unwrapDataKey } from '../../backend/src/platform/secrets/envelope.js';
import { MasterKeyMismatch, verifyMasterKey } from '../../backend/src/platform/secrets/master-key-check.js';
import { runKeyRotation } from '../../backend/src/platform/secrets/rotate-cli.js';
import { RotationError, rotateMasterKey } from '../../backend/src/platform/secrets/rotate.js';
import { DataKeyUnavailable, SecretVault } from '../../backend/src/platform/secrets/secret-vault.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, sql } from '../support/database.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SIGN_UP = `mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { accessToken me { tenant { id } } }
}`;

const K1 = randomBytes(32);
const K2 = randomBytes(32);
const K3 = randomBytes(32);
const ID1 = masterKeyId(K1);
const ID2 = masterKeyId(K2);
const ID3 = masterKeyId(K3);

interface KeyRow {
  data_key_id: string;
  tenant_id: string;
  master_key_id: string;
  wrapped_key: string;
}

let t: TestApp;
let prisma: PrismaService;
let signUps = 0;

async function signUp(label: string): Promise<string> {
  const email = `${label}-${Date.now()}n${++signUps}@secrets.test`;
  const response = await t.gql(SIGN_UP, { input: { companyName: `Company ${label}`, email, password: 'correct-horse-battery', name: label } });
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data.signUp.me.tenant.id as string;
}

/** Runs `fn` as the given tenant, the way a request or a job does (AsyncLocalStorage). */
const asTenant = <T>(tenantId: string, fn: () => Promise<T>) => TenantContext.run({ tenantId }, fn);

/** A vault as a process configured with `masterKey` has it: its own, empty cache. */
const vaultWith = (masterKey: Buffer) => new SecretVault({ ...t.config, masterKey }, prisma);

const keyRows = () => sql<KeyRow>(t.db.adminUrl, 'SELECT * FROM tenant_data_keys ORDER BY data_key_id, master_key_id');
const canaryIds = async () =>
  (await sql<{ master_key_id: string }>(t.db.adminUrl, 'SELECT master_key_id FROM master_key_canaries ORDER BY 1')).map((r) => r.master_key_id);

async function mismatchOf(promise: Promise<unknown>): Promise<MasterKeyMismatch> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MasterKeyMismatch);
  expect((error as Error).message).not.toContain('\n');
  return error as MasterKeyMismatch;
}

beforeAll(async () => {
  t = await startTestApp({ SETTLE_MASTER_KEY: K1.toString('base64') });
  prisma = t.app.get(PrismaService);
});
afterAll(() => t?.close());

describe('SecretVault', () => {
  let tenantA: string;
  let tenantB: string;
  const PASSWORD_A = 'PayTrace-secret-of-A-9876';

  beforeAll(async () => {
    tenantA = await signUp('a');
    tenantB = await signUp('b');
  });

  it('encrypts and decrypts a secret of the current tenant, creating its data key once', async () => {
    const vault = t.app.get(SecretVault);
    expect(vault.masterKeyId).toBe(ID1);
    const first = await asTenant(tenantA, () => vault.encrypt(PASSWORD_A));
    const second = await asTenant(tenantA, () => vault.encrypt(PASSWORD_A));
    expect(first).toMatch(/^v1:[0-9a-f-]{36}:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(second).not.toBe(first);
    expect(dataKeyIdOf(second)).toBe(dataKeyIdOf(first));
    expect(await asTenant(tenantA, () => vault.decrypt(first))).toBe(PASSWORD_A);
    // Another process (no cache) reads it from the database.
    expect(await asTenant(tenantA, () => vaultWith(K1).decrypt(second))).toBe(PASSWORD_A);
    expect(vault.hint(PASSWORD_A)).toBe('••••••9876');

    const rows = (await keyRows()).filter((row) => row.tenant_id === tenantA);
    expect(rows).toEqual([expect.objectContaining({ data_key_id: dataKeyIdOf(first), master_key_id: ID1 })]);
  });

  it('refuses to work outside a tenant', async () => {
    await expect(t.app.get(SecretVault).encrypt('x')).rejects.toThrow(/No tenant selected/);
  });

  it('creates one data key per tenant when processes race for the first one', async () => {
    // Six "processes", each with its own connection, already open so that they really start together.
    const clients = Array.from({ length: 6 }, () => new PrismaService(t.db.appUrl, 1));
    try {
      await Promise.all(clients.map((client) => client.pool.query('SELECT 1')));
      const vaults = clients.map((client) => new SecretVault(t.config, client));
      for (let round = 0; round < 3; round++) {
        const tenant = await signUp(`race-${round}`);
        const ciphertexts = await Promise.all(vaults.map((vault, i) => asTenant(tenant, () => vault.encrypt(`secret-${i}`))));
        const rows = (await keyRows()).filter((row) => row.tenant_id === tenant);
        expect(rows).toHaveLength(1);
        expect(new Set(ciphertexts.map(dataKeyIdOf))).toEqual(new Set([rows[0].data_key_id]));
        for (const [i, ciphertext] of ciphertexts.entries()) {
          expect(await asTenant(tenant, () => vaultWith(K1).decrypt(ciphertext))).toBe(`secret-${i}`);
        }
      }
    } finally {
      await Promise.all(clients.map((client) => client.onModuleDestroy()));
    }
  });

  it("does not let tenant B decrypt tenant A's ciphertext", async () => {
    const ciphertextA = await asTenant(tenantA, () => t.app.get(SecretVault).encrypt(PASSWORD_A));
    await asTenant(tenantB, () => t.app.get(SecretVault).encrypt('B has a key too'));
    // B's scope cannot even see A's data key (row-level security), cached or not.
    await expect(asTenant(tenantB, () => t.app.get(SecretVault).decrypt(ciphertextA))).rejects.toThrow(DecryptionFailed);
    await expect(asTenant(tenantB, () => vaultWith(K1).decrypt(ciphertextA))).rejects.toThrow(DecryptionFailed);

    // Even A's wrapped data key moved into tenant B's rows does not help: it is bound to tenant A.
    const [rowA] = (await keyRows()).filter((row) => row.tenant_id === tenantA);
    await sql(t.db.adminUrl, 'UPDATE tenant_data_keys SET tenant_id = $2 WHERE data_key_id = $1', [rowA.data_key_id, tenantB]);
    try {
      await expect(asTenant(tenantB, () => vaultWith(K1).decrypt(ciphertextA))).rejects.toThrow(DecryptionFailed);
    } finally {
      await sql(t.db.adminUrl, 'UPDATE tenant_data_keys SET tenant_id = $2 WHERE data_key_id = $1', [rowA.data_key_id, tenantA]);
    }
    expect(await asTenant(tenantA, () => vaultWith(K1).decrypt(ciphertextA))).toBe(PASSWORD_A);
  });

  it('stores neither the plaintext nor an unwrapped data key', async () => {
    const password = `stored-${randomBytes(9).toString('hex')}`;
    const vault = t.app.get(SecretVault);
    const ciphertext = await asTenant(tenantA, () => vault.encrypt(password));
    // Where a PayTrace connection keeps it: the ciphertext and the masked hint only.
    await sql(
      t.db.adminUrl,
      `INSERT INTO paytrace_connections (tenant_id, name, environment, base_url, username, password_ciphertext, password_hint,
         integrator_id, notification_endpoint_id)
       VALUES ($1, 'Main', 'sandbox', 'http://127.0.0.1:1', 'api-user', $2, $3, 'integrator', $4)`,
      [tenantA, ciphertext, vault.hint(password), randomBytes(16).toString('hex')],
    );
    const rows = await keyRows();
    const dataKeys = rows.map((row) => unwrapDataKey(row.wrapped_key, K1, { dataKeyId: row.data_key_id, tenantId: row.tenant_id }));
    const forbidden = [password, ...dataKeys.flatMap((key) => [key.toString('base64'), key.toString('base64url'), key.toString('hex')])];
    const stored = await sql<{ text: string }>(
      t.db.adminUrl,
      `SELECT k::text AS text FROM tenant_data_keys k
       UNION ALL SELECT c::text FROM master_key_canaries c
       UNION ALL SELECT p::text FROM paytrace_connections p`,
    );
    const everything = stored.map((row) => row.text).join('\n');
    expect(everything).toContain(ciphertext);
    expect(everything).toContain(`••••••${password.slice(-4)}`);
    for (const value of forbidden) expect(everything).not.toContain(value);
    await sql(t.db.adminUrl, 'DELETE FROM paytrace_connections WHERE tenant_id = $1', [tenantA]);
  });
});

describe('verifyMasterKey (run by main.ts before the app is created)', () => {
  it('accepts the key the secrets were written with and records its canary once', async () => {
    await asTenant(await signUp('verify'), () => t.app.get(SecretVault).encrypt('something'));
    const first = await verifyMasterKey(t.db.adminUrl, K1);
    expect(first).toMatchObject({ masterKeyId: ID1, canaryCreated: true });
    expect(first.dataKeys).toBeGreaterThan(0);
    expect(await verifyMasterKey(t.db.adminUrl, K1)).toMatchObject({ canaryCreated: false });
    expect(await canaryIds()).toEqual([ID1]);
  });

  it('refuses another key with one line naming both key ids, and records nothing for it', async () => {
    const wrong = randomBytes(32);
    const error = await mismatchOf(verifyMasterKey(t.db.adminUrl, wrong));
    expect(error.message).toBe(
      `SETTLE_MASTER_KEY does not match the key the stored secrets were encrypted with (expected key id ${ID1}, got ${masterKeyId(wrong)}). ` +
        'Restore the old key or run npm run keys:rotate.',
    );
    expect(await canaryIds()).toEqual([ID1]);
  });

  it('accepts any key on a database that holds no secret yet', async () => {
    const database = await createTestDatabase();
    try {
      const key = randomBytes(32);
      expect(await verifyMasterKey(database.adminUrl, key)).toMatchObject({ masterKeyId: masterKeyId(key), dataKeys: 0, canaryCreated: true });
      expect(await verifyMasterKey(database.adminUrl, key)).toMatchObject({ canaryCreated: false });
    } finally {
      await database.drop();
    }
  });
});

describe('master key rotation', () => {
  let tenantA: string;
  let ciphertextA: string;
  const dataKeyCount = async () => new Set((await keyRows()).map((row) => row.data_key_id)).size;

  beforeAll(async () => {
    tenantA = await signUp('rotate');
    ciphertextA = await asTenant(tenantA, () => vaultWith(K1).encrypt('rotate-me-please'));
  });

  it('will not prune to a key that wraps nothing', async () => {
    const before = await keyRows();
    await mismatchOf(rotateMasterKey({ adminDatabaseUrl: t.db.adminUrl, currentKey: K2, prune: true }));
    expect(await keyRows()).toEqual(before);
  });

  it('refuses to rotate to the same key', async () => {
    await expect(rotateMasterKey({ adminDatabaseUrl: t.db.adminUrl, currentKey: K1, newKey: K1 })).rejects.toThrow(RotationError);
  });

  it('re-wraps every data key under the new key and keeps the old rows (idempotently)', async () => {
    const count = await dataKeyCount();
    const result = await rotateMasterKey({ adminDatabaseUrl: t.db.adminUrl, currentKey: K1, newKey: K2, batchSize: 2 });
    expect(result).toMatchObject({ currentKeyId: ID1, newKeyId: ID2, dataKeys: count, rewrapped: count });

    const rows = await keyRows();
    expect(rows).toHaveLength(2 * count);
    for (const dataKeyId of new Set(rows.map((row) => row.data_key_id))) {
      const wrappedBy = rows.filter((row) => row.data_key_id === dataKeyId).map((row) => row.master_key_id);
      expect(wrappedBy.sort()).toEqual([ID1, ID2].sort());
    }
    expect(await canaryIds()).toEqual([ID1, ID2].sort());

    expect(await rotateMasterKey({ adminDatabaseUrl: t.db.adminUrl, currentKey: K1, newKey: K2 })).toMatchObject({ rewrapped: 0, dataKeys: count });
  });

  it('lets an app on the old key and an app on the new key both decrypt meanwhile', async () => {
    expect(await asTenant(tenantA, () => vaultWith(K1).decrypt(ciphertextA))).toBe('rotate-me-please');
    expect(await asTenant(tenantA, () => vaultWith(K2).decrypt(ciphertextA))).toBe('rotate-me-please');
    const newer = await asTenant(tenantA, () => vaultWith(K2).encrypt('written after the restart'));
    expect(dataKeyIdOf(newer)).toBe(dataKeyIdOf(ciphertextA));
    expect(await asTenant(tenantA, () => vaultWith(K1).decrypt(newer))).toBe('written after the restart');
    expect((await verifyMasterKey(t.db.adminUrl, K1)).masterKeyId).toBe(ID1);
    expect((await verifyMasterKey(t.db.adminUrl, K2)).masterKeyId).toBe(ID2);
  });

  it('derives the same tenant keys under the old and the new master key (card-like id tokens keep deduplicating)', async () => {
    const purpose = 'settle card-like id tokens v1';
    const before = await vaultWith(K1).derivedKey(tenantA, purpose);
    expect(await vaultWith(K2).derivedKey(tenantA, purpose)).toEqual(before);
    expect(before).toHaveLength(32);
    expect(await vaultWith(K2).derivedKey(tenantA, 'another purpose')).not.toEqual(before);
  });

  it('catches a data key the old app created after the rotation: start and prune refuse, a re-run fixes it', async () => {
    const late = await signUp('late');
    const lateCiphertext = await asTenant(late, () => vaultWith(K1).encrypt('created during the rotation'));
    const count = await dataKeyCount();

    const error = await mismatchOf(verifyMasterKey(t.db.adminUrl, K2));
    expect(error.message).toContain(`wraps only ${count - 1} of ${count} data keys`);
    expect(error.message).toContain(`key id ${ID1}`);
    await expect(asTenant(late, () => vaultWith(K2).decrypt(lateCiphertext))).rejects.toThrow(DataKeyUnavailable);
    const before = await keyRows();
    await expect(rotateMasterKey({ adminDatabaseUrl: t.db.adminUrl, currentKey: K2, prune: true })).rejects.toThrow(/wraps only/);
    expect(await keyRows()).toEqual(before);

    expect(await rotateMasterKey({ adminDatabaseUrl: t.db.adminUrl, currentKey: K1, newKey: K2 })).toMatchObject({ rewrapped: 1 });
    expect(await asTenant(late, () => vaultWith(K2).decrypt(lateCiphertext))).toBe('created during the rotation');
  });

  it('prunes the old key: then only the new key starts and decrypts', async () => {
    const count = await dataKeyCount();
    const result = await rotateMasterKey({ adminDatabaseUrl: t.db.adminUrl, currentKey: K2, prune: true });
    expect(result).toMatchObject({ currentKeyId: ID2, dataKeys: count, prunedRows: count, prunedCanaries: 1, prunedKeyIds: [ID1] });
    expect(new Set((await keyRows()).map((row) => row.master_key_id))).toEqual(new Set([ID2]));
    expect(await canaryIds()).toEqual([ID2]);

    const error = await mismatchOf(verifyMasterKey(t.db.adminUrl, K1));
    expect(error.message).toContain(`expected key id ${ID2}, got ${ID1}`);
    expect(await verifyMasterKey(t.db.adminUrl, K2)).toMatchObject({ masterKeyId: ID2, dataKeys: count });
    expect(await asTenant(tenantA, () => vaultWith(K2).decrypt(ciphertextA))).toBe('rotate-me-please');

    // An app still on the old key fails loudly and never creates a second data key for the tenant.
    await expect(asTenant(tenantA, () => vaultWith(K1).decrypt(ciphertextA))).rejects.toThrow(DataKeyUnavailable);
    await expect(asTenant(tenantA, () => vaultWith(K1).encrypt('x'))).rejects.toThrow(DataKeyUnavailable);
    expect(await dataKeyCount()).toBe(count);
  });
});

/** Environment for a child process: this one's, minus what points at Vitest's own services. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(VITEST|NODE_ENV$|DATABASE_|REDIS_|SETTLE_|PORT$|HOST$|DATA_DIR$|SEED$)/.test(name)) env[name] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('as processes: npm run keys:rotate and node backend/dist/main.js', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'settle-secrets-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  beforeAll(() => {
    // Both run the compiled backend: build it when a source is newer (the helper npm start uses).
    const build = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "const b = await import('./scripts/lib/backend-build.mjs'); process.exit(b.ensurePrismaClient({ quiet: true }) && b.ensureBackendBuilt({ quiet: true }) ? 0 : 1)"],
      { cwd: ROOT, encoding: 'utf8', timeout: 240_000 },
    );
    expect(build.status, build.stderr).toBe(0);
  }, 300_000);

  it('rotates K2 → K3 and prunes through the script, against DATABASE_URL', async () => {
    const count = new Set((await keyRows()).map((row) => row.data_key_id)).size;
    const rotated = await run(['scripts/rotate-master-key.mjs'], childEnv({
      DATA_DIR: dataDir,
      DATABASE_URL: t.db.adminUrl,
      SETTLE_MASTER_KEY: K2.toString('base64'),
      SETTLE_NEW_MASTER_KEY: K3.toString('hex'),
    }));
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain(`Re-wrapped ${count} data keys under master key ${ID3}`);

    // Pruning with the rotation's environment (old key still current) is refused in one line.
    const mistaken = await run(['scripts/rotate-master-key.mjs', '--prune'], childEnv({
      DATA_DIR: dataDir,
      DATABASE_URL: t.db.adminUrl,
      SETTLE_MASTER_KEY: K2.toString('base64'),
      SETTLE_NEW_MASTER_KEY: K3.toString('hex'),
    }));
    expect(mistaken.code).toBe(1);
    expect(mistaken.stderr).toMatch(/^keys:rotate: --prune keeps only SETTLE_MASTER_KEY's rows[^\n]*\n$/);

    const pruned = await run(['scripts/rotate-master-key.mjs', '--prune'], childEnv({
      DATA_DIR: dataDir,
      DATABASE_URL: t.db.adminUrl,
      SETTLE_MASTER_KEY: K3.toString('base64url'),
    }));
    expect(pruned.stderr).toBe('');
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain(`Pruned ${count} data key rows and 1 canary of master key ${ID2}`);
    expect(new Set((await keyRows()).map((row) => row.master_key_id))).toEqual(new Set([ID3]));
  }, 120_000);

  it('main.js with the wrong SETTLE_MASTER_KEY exits 1 with exactly one line on stderr', async () => {
    const result = await run(['backend/dist/main.js'], childEnv({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PORT: '0',
      SEED: 'off',
      LOG_LEVEL: 'warn',
      DATABASE_URL: t.db.adminUrl,
      DATABASE_APP_URL: t.db.appUrl,
      DATABASE_APP_PASSWORD: inject('appPassword'),
      DATABASE_SANDBOX_URL: t.db.sandboxUrl, // given, so the shared server's settle_sandbox keeps its password
      REDIS_URL: inject('redisUrl'),
      REDIS_KEY_PREFIX: t.redisPrefix,
      SETTLE_JWT_SECRET: randomBytes(36).toString('base64url'),
      SETTLE_MASTER_KEY: K1.toString('base64'),
    }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Settle could not start: SETTLE_MASTER_KEY does not match the key the stored secrets were encrypted with (expected key id ${ID3}, got ${ID1}). ` +
        'Restore the old key or run npm run keys:rotate.\n',
    );
  }, 120_000);
});

describe('keys:rotate without DATABASE_URL: the embedded PostgreSQL of DATA_DIR', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'settle-rotate-'));
  const output = { lines: [] as string[], errors: [] as string[] };
  const io = { out: (line: string) => output.lines.push(line), err: (line: string) => output.errors.push(line) };
  let stopInfrastructure: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await stopInfrastructure?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uses the running app\'s server (DATA_DIR/runtime.json), or starts it when no app runs', { timeout: 180_000 }, async () => {
    // An "app" on K1 with its embedded server: what `npm start` brings up, minus the HTTP side.
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      REDIS_URL: inject('redisUrl'),
      DATABASE_APP_PASSWORD: inject('appPassword'),
      SETTLE_MASTER_KEY: K1.toString('hex'),
    });
    const infrastructure = await provisionInfrastructure(config);
    stopInfrastructure = infrastructure.stop;
    expect(existsSync(join(dataDir, RUNTIME_FILE))).toBe(true);
    await verifyMasterKey(infrastructure.adminDatabaseUrl, K1);
    const tenantId = '5f0c8a43-2d0e-4c59-9d51-0a5e2b7c9e11';
    await sql(infrastructure.adminDatabaseUrl, "INSERT INTO tenants (id, name) VALUES ($1, 'Embedded')", [tenantId]);
    const appPrisma = new PrismaService(infrastructure.appDatabaseUrl, 2);
    let ciphertext: string;
    try {
      ciphertext = await asTenant(tenantId, () => new SecretVault(config, appPrisma).encrypt('embedded secret'));
    } finally {
      await appPrisma.onModuleDestroy();
    }

    const env = { DATA_DIR: dataDir, SETTLE_MASTER_KEY: K1.toString('base64'), SETTLE_NEW_MASTER_KEY: K2.toString('base64') };
    expect(await runKeyRotation([], env, io), output.errors.join('\n')).toBe(0);
    expect(output.lines.join('\n')).toContain(`running as pid ${process.pid}`);
    expect(output.lines.join('\n')).toContain(`Re-wrapped 1 data key under master key ${ID2}`);

    // The app still runs with K1: pruning down to K2 now would break it.
    expect(await runKeyRotation(['--prune'], { DATA_DIR: dataDir, SETTLE_MASTER_KEY: K2.toString('base64') }, io)).toBe(1);
    expect(output.errors.at(-1)).toBe(`keys:rotate: Settle is running with master key id ${ID1}, not SETTLE_MASTER_KEY's ${ID2}: restart it with the new key before pruning`);

    // The app stops (runtime.json goes with its server); the script starts the server itself.
    await infrastructure.stop();
    stopInfrastructure = undefined;
    expect(existsSync(join(dataDir, RUNTIME_FILE))).toBe(false);
    output.lines.length = 0;
    expect(await runKeyRotation(['--prune'], { DATA_DIR: dataDir, SETTLE_MASTER_KEY: K2.toString('base64') }, io), output.errors.join('\n')).toBe(0);
    expect(output.lines.join('\n')).toContain('started for this run');
    expect(output.lines.join('\n')).toContain(`Pruned 1 data key row and 1 canary of master key ${ID1}`);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    // Restarted on K2, the app reads the secret written under K1.
    const restarted = await provisionInfrastructure({ ...config, masterKey: K2 });
    stopInfrastructure = restarted.stop;
    await expect(verifyMasterKey(restarted.adminDatabaseUrl, K1)).rejects.toThrow(MasterKeyMismatch);
    await verifyMasterKey(restarted.adminDatabaseUrl, K2);
    const restartedPrisma = new PrismaService(restarted.appDatabaseUrl, 2);
    try {
      expect(await asTenant(tenantId, () => new SecretVault({ ...config, masterKey: K2 }, restartedPrisma).decrypt(ciphertext))).toBe('embedded secret');
    } finally {
      await restartedPrisma.onModuleDestroy();
    }
  });
});
