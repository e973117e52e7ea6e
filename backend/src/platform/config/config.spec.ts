import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'settle-config-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('loadConfig did not throw');
}

const SECRET = randomBytes(36).toString('base64url');

describe('loadConfig', () => {
  it('applies the defaults', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: 3000,
      DATA_DIR: dir,
      dataDir: dir,
      DATABASE_POOL_SIZE: 10,
      REDIS_KEY_PREFIX: 'settle',
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_DAYS: 30,
      SEED: 'on',
      LOG_LEVEL: 'info',
      publicUrl: 'http://localhost:3000',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('treats empty URLs as unset', () => {
    const config = loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: '', REDIS_URL: '  ' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('coerces numbers and derives the public URL from PORT', () => {
    const config = loadConfig({ DATA_DIR: dataDir(), PORT: '8080' });
    expect(config.PORT).toBe(8080);
    expect(config.publicUrl).toBe('http://localhost:8080');
  });

  it('generates development secrets once and keeps them under DATA_DIR', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.databaseAppPassword).toBe(first.databaseAppPassword);
    expect(first.databaseAppPassword).not.toBe(first.jwtSecret);
    expect(statSync(join(dir, 'secrets', 'jwt-secret')).mode & 0o077).toBe(0);
  });

  it('uses given secrets instead of generating them', () => {
    const config = loadConfig({ DATA_DIR: dataDir(), SETTLE_JWT_SECRET: SECRET, DATABASE_APP_PASSWORD: 'app-password-1' });
    expect(config.jwtSecret).toBe(SECRET);
    expect(config.databaseAppPassword).toBe('app-password-1');
  });

  it.each(['abc', '-1', '70000', '3.5'])('rejects PORT=%s with one line naming PORT', (port) => {
    const error = configError({ DATA_DIR: dataDir(), PORT: port });
    expect(error.message).toMatch(/^Invalid configuration: PORT\b/);
    expect(error.message).not.toContain('\n');
  });

  it('names a URL with the wrong scheme', () => {
    const error = configError({ DATA_DIR: dataDir(), DATABASE_URL: 'mysql://x@y/z' });
    expect(error.message).toMatch(/^Invalid configuration: DATABASE_URL must start with postgres:\/\//);
    expect(error.message).not.toContain('\n');
  });

  it('leaves the suggestions re-ranker off by default and wants a model with its URL', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config.SUGGEST_LLM_URL).toBeUndefined();
    expect(config.SUGGEST_LLM_TIMEOUT_MS).toBe(3_000);
    expect(configError({ DATA_DIR: dataDir(), SUGGEST_LLM_URL: 'https://llm.example/v1' }).message).toBe('Invalid configuration: SUGGEST_LLM_MODEL is required with SUGGEST_LLM_URL');
    expect(configError({ DATA_DIR: dataDir(), SUGGEST_LLM_URL: 'ftp://llm.example' }).message).toMatch(/^Invalid configuration: SUGGEST_LLM_URL must start with http:\/\//);
    expect(loadConfig({ DATA_DIR: dataDir(), SUGGEST_LLM_URL: 'https://llm.example/v1', SUGGEST_LLM_MODEL: 'ranker-1' }).SUGGEST_LLM_MODEL).toBe('ranker-1');
  });

  it('names a JWT secret that is too short', () => {
    const error = configError({ DATA_DIR: dataDir(), SETTLE_JWT_SECRET: 'short' });
    expect(error.message).toContain('SETTLE_JWT_SECRET');
    expect(error.message).not.toContain('\n');
  });

  it('requires SETTLE_JWT_SECRET in production', () => {
    const error = configError({ DATA_DIR: dataDir(), NODE_ENV: 'production' });
    expect(error.message).toContain('SETTLE_JWT_SECRET');
    expect(error.message).not.toContain('\n');
  });

  it('requires the app role password in production with an external database', () => {
    const error = configError({
      DATA_DIR: dataDir(),
      NODE_ENV: 'production',
      SETTLE_JWT_SECRET: SECRET,
      DATABASE_URL: 'postgres://postgres:pw@db:5432/settle',
    });
    expect(error.message).toContain('DATABASE_APP_PASSWORD');
    const config = loadConfig({
      DATA_DIR: dataDir(),
      NODE_ENV: 'production',
      SETTLE_JWT_SECRET: SECRET,
      DATABASE_URL: 'postgres://postgres:pw@db:5432/settle',
      DATABASE_APP_PASSWORD: 'app-password-1',
      SETTLE_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    expect(config.NODE_ENV).toBe('production');
  });

  it('requires SETTLE_MASTER_KEY in production', () => {
    const error = configError({ DATA_DIR: dataDir(), NODE_ENV: 'production', SETTLE_JWT_SECRET: SECRET });
    expect(error.message).toMatch(/^Invalid configuration: SETTLE_MASTER_KEY is required/);
    expect(error.message).not.toContain('\n');
  });

  it('parses SETTLE_MASTER_KEY and keeps only the parsed key', () => {
    const key = randomBytes(32);
    const config = loadConfig({ DATA_DIR: dataDir(), SETTLE_MASTER_KEY: key.toString('hex') });
    expect(config.masterKey.equals(key)).toBe(true);
    expect(JSON.stringify(config)).not.toContain(key.toString('hex'));
  });

  it.each(['not-a-key', randomBytes(16).toString('base64')])('rejects SETTLE_MASTER_KEY=%s with one line naming it', (value) => {
    const error = configError({ DATA_DIR: dataDir(), SETTLE_MASTER_KEY: value });
    expect(error.message).toMatch(/^Invalid configuration: SETTLE_MASTER_KEY must be 32 bytes/);
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain(value);
  });

  it('generates a development master key once and keeps it under DATA_DIR/secrets/master-key', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.masterKey).toHaveLength(32);
    expect(second.masterKey.equals(first.masterKey)).toBe(true);
    const file = join(dir, 'secrets', 'master-key');
    expect(Buffer.from(readFileSync(file, 'utf8'), 'base64url').equals(first.masterKey)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
  });
  describe('production posture', () => {
    const production = () => ({ DATA_DIR: dataDir(), NODE_ENV: 'production', SETTLE_JWT_SECRET: SECRET, SETTLE_MASTER_KEY: randomBytes(32).toString('base64') });

    it('turns the seed, the sandboxes and the demo off unless each is turned on', () => {
      expect(loadConfig(production())).toMatchObject({ SEED: 'off', SANDBOXES: 'off', DEMO: 'off', trustedProxies: [] });
      expect(loadConfig({ ...production(), SANDBOXES: 'on' })).toMatchObject({ SEED: 'off', SANDBOXES: 'on', DEMO: 'off' });
      expect(loadConfig({ DATA_DIR: dataDir() })).toMatchObject({ SEED: 'on', SANDBOXES: 'on', DEMO: 'on', DEMO_PASSWORD: 'settle-demo-2026' });
    });

    it('refuses a placeholder secret and the README demo password, in one line naming the variable', () => {
      expect(configError({ ...production(), SETTLE_JWT_SECRET: 'please-change-me-please-change-me-now' }).message).toMatch(/^Invalid configuration: SETTLE_JWT_SECRET looks like a placeholder/);
      expect(configError({ ...production(), SETTLE_MASTER_KEY: '0'.repeat(64) }).message).toMatch(/^Invalid configuration: SETTLE_MASTER_KEY is not a generated key/);
      expect(configError({ ...production(), SEED: 'on' }).message).toMatch(/^Invalid configuration: DEMO_PASSWORD is required with SEED=on/);
      expect(configError({ ...production(), SEED: 'on', DEMO_PASSWORD: 'settle-demo-2026' }).message).toMatch(/DEMO_PASSWORD must not be/);
      expect(configError({ ...production(), DEMO: 'on' }).message).toMatch(/DEMO=on needs SEED=on and SANDBOXES=on/);
    });

    it('reads TRUST_PROXY as a list and refuses trusting everyone', () => {
      expect(loadConfig({ ...production(), TRUST_PROXY: '10.0.0.2, 10.1.0.0/16' }).trustedProxies).toEqual(['10.0.0.2', '10.1.0.0/16']);
      expect(configError({ DATA_DIR: dataDir(), TRUST_PROXY: 'true' }).message).toMatch(/^Invalid configuration: TRUST_PROXY entry "true"/);
    });
  });
});
