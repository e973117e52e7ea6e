import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { InvalidMasterKey, parseMasterKey } from '../secrets/envelope.js';
import { allowlistProblem } from '../egress/egress-policy.js';
import { demoSwitchDefault, productionRefusal, README_DEMO_PASSWORD, type Switch, trustedProxies } from './production-posture.js';

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .refine((value) => value === undefined || protocols.some((p) => value.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: optionalUrl(['http', 'https']),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  DATABASE_APP_URL: optionalUrl(['postgres', 'postgresql']),
  DATABASE_APP_PASSWORD: z.string().min(8).optional(),
  /** The built-in sandboxes' role (CREATEDB only): they create a Sage Pro database per tenant. */
  DATABASE_SANDBOX_URL: optionalUrl(['postgres', 'postgresql']),
  DATABASE_SANDBOX_PASSWORD: z.string().min(8).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  REDIS_KEY_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i).default('settle'),
  SETTLE_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SETTLE_MASTER_KEY: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  MAIL_FROM: z.string().default('Settle <no-reply@settle.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Log lines go to this file (appended) instead of stdout; `npm run scan:pan` scans it when it is under DATA_DIR. */
  LOG_FILE: z.string().min(1).optional(),
  LOGIN_MAX_ATTEMPTS_PER_EMAIL: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Sign-ups (companies and partner firms) per client IP per SIGNUP_WINDOW_SECONDS. */
  SIGNUP_MAX_PER_IP: z.coerce.number().int().min(1).default(20),
  SIGNUP_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
  /** A refresh token spent this recently answers its successor again (two tabs refreshing at once) instead of counting as reuse. */
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** Seeds the demo tenant (and, outside production, the platform admin): on by default, off in production. */
  SEED: z.enum(['on', 'off']).optional(),
  /** The built-in PayTrace and Sage Pro sandboxes: on by default, off in production. */
  SANDBOXES: z.enum(['on', 'off']).optional(),
  /** A company's sign-up gives its dev and qa environments a sandbox pair each: unset, as SANDBOXES. */
  SANDBOX_PAIRS_ON_SIGNUP: z.enum(['on', 'off']).optional(),
  SAGEPRO_SANDBOX_DATABASE: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('sagepro_sandbox'),
  PAYTRACE_PRODUCTION_URL: z.url({ protocol: /^https?$/ }).default('https://api.paytrace.com'),
  SANDBOX_ADMIN_KEY: z.string().min(16).optional(),
  /** Unset: the README's demo password, which production refuses (see production-posture.ts). */
  DEMO_PASSWORD: z.string().min(10).optional(),
  /** The demo tenant's wiring, traffic and /demo/shop: on by default (off in production), DEMO=off disables it. */
  DEMO: z.enum(['on', 'off']).optional(),
  /** Proxies whose X-Forwarded-For/-Proto are believed: addresses, CIDR ranges (comma-separated); unset: none. */
  TRUST_PROXY: z.string().optional(),
  /** Bearer token /metrics demands; unset, /metrics is open outside production and off (404) in production. */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Strict-Transport-Security: `auto` on requests that came over https (directly or from a trusted proxy), `on` always, `off` never. */
  HSTS: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Events one drain takes from a tenant before the next tenant's turn (200: ~0.3 s of work, see bench:e2e). */
  PIPELINE_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
  /** Drains one worker process runs at once. */
  PIPELINE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Drains of one tenant running at once, across every worker process. Unset: half of
   * PIPELINE_CONCURRENCY (at least 1), so one busy tenant never holds every slot of a worker.
   */
  PIPELINE_TENANT_DRAINS: z.coerce.number().int().min(1).max(64).optional(),
  /** On shutdown, how long workers may finish their jobs before they are abandoned (leases bring those back). */
  WORKER_CLOSE_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Attempts before a transient fault makes an event a dead letter. */
  PIPELINE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** First retry delay; each retry doubles it, with jitter, up to PIPELINE_RETRY_MAX_MS. */
  PIPELINE_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  PIPELINE_RETRY_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(300_000),
  /** A claimed event whose worker died is taken again after this long. */
  PIPELINE_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** How often workers look for due events that have no drain (after Redis outages, restarts, retries). */
  PIPELINE_SWEEP_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** Statement timeout of a drain's recording transaction (EventStore.finish), so it never hangs a drain. */
  PIPELINE_FINISH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** How long a refund, void or chargeback waits for its sale before it goes to manual review. */
  PIPELINE_WAIT_FOR_SALE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Days after it finished that an event's payloads and timeline steps are pruned (its row and key stay). */
  PIPELINE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Tenants whose oldest unfinished event's age /metrics reports (the oldest first; 0: none). */
  METRICS_BACKLOG_TENANTS: z.coerce.number().int().min(0).max(1000).default(10),
  /** Longest the backlog metrics' query may run; slower, a scrape reports the last values read. */
  METRICS_BACKLOG_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  /** Most a GraphQL operation may cost (platform/graphql/query-cost.ts: every alias counts, lists by page size). */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(10).max(1_000_000).default(1_000),
  /** Cost points a tenant, and one API key, may spend per GRAPHQL_RATE_WINDOW_SECONDS; over it: RATE_LIMITED (429). */
  GRAPHQL_TENANT_COST_PER_WINDOW: z.coerce.number().int().min(1).default(100_000),
  GRAPHQL_API_KEY_COST_PER_WINDOW: z.coerce.number().int().min(1).default(50_000),
  GRAPHQL_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /** Schema introspection: unset, on outside production and off in production. */
  GRAPHQL_INTROSPECTION: z.enum(['on', 'off']).optional(),
  /** Largest webhook body accepted; larger ones get 413. */
  WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1_024).max(10_485_760).default(262_144),
  /** How long the previous webhook secret keeps verifying after a rotation. */
  WEBHOOK_ROTATION_GRACE_HOURS: z.coerce.number().int().min(0).max(720).default(24),
  /** Occurrences of one alert within this window are delivered together. */
  ALERT_GROUP_WINDOW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /** Let alert webhooks reach loopback, private and link-local addresses (tests, local receivers); off, they are refused. */
  ALERT_WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /**
   * Non-public addresses Settle may still reach on a tenant's behalf (PayTrace base URLs, SQL Server
   * hosts, alert webhooks): `loopback`, `private`, addresses, CIDR ranges, host names, or `none`.
   * Unset: `none` in production, `loopback,private` otherwise (platform/egress).
   */
  EGRESS_ALLOW: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      const problem = value === undefined ? undefined : allowlistProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** Connection tests (PayTrace, Sage Pro) one tenant may run per minute. */
  CONNECTION_TESTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /**
   * An OpenAI-compatible endpoint (its base URL, e.g. https://llm.example/v1) that re-ranks the
   * mapper's local top 5 per field. Unset (the default): suggestions stay local, no client is made.
   * Reached through the egress guard, as PAYTRACE_PRODUCTION_URL is (flows/suggestions/llm-rerank.ts).
   */
  SUGGEST_LLM_URL: optionalUrl(['http', 'https']),
  /** Its API key; unset for endpoints that take none. */
  SUGGEST_LLM_KEY: z.string().min(1).optional(),
  /** The model asked; required with SUGGEST_LLM_URL. */
  SUGGEST_LLM_MODEL: z.string().trim().min(1).max(200).optional(),
  /** Longest one re-ranking may take (connecting, asking, reading); longer: the local ranking. */
  SUGGEST_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
});

export type Environment = z.infer<typeof environmentSchema>;

/** The raw SETTLE_MASTER_KEY text is not kept: only the parsed key, which is never logged. */
export interface AppConfig extends Omit<Environment, 'SETTLE_MASTER_KEY' | 'SEED' | 'SANDBOXES' | 'SANDBOX_PAIRS_ON_SIGNUP' | 'DEMO' | 'DEMO_PASSWORD'> {
  SEED: Switch;
  SANDBOXES: Switch;
  /** Never on while SANDBOXES is off: there would be no sandbox to pair. */
  SANDBOX_PAIRS_ON_SIGNUP: Switch;
  DEMO: Switch;
  DEMO_PASSWORD: string;
  /** TRUST_PROXY parsed: Fastify's trustProxy list (empty: X-Forwarded-* is ignored). */
  trustedProxies: string[];
  dataDir: string;
  jwtSecret: string;
  databaseAppPassword: string;
  databaseSandboxPassword: string;
  publicUrl: string;
  /** Header value the built-in sandboxes' admin APIs demand. */
  sandboxAdminKey: string;
  /** SETTLE_MASTER_KEY, 32 bytes: wraps every tenant's data key (see platform/secrets). */
  masterKey: Buffer;
}

/** Where development keeps the master key it generated when SETTLE_MASTER_KEY is unset. */
export const MASTER_KEY_FILE = 'master-key';

export class ConfigError extends Error {}

/**
 * Reads and validates the environment once. A wrong or missing variable becomes one line naming it;
 * development secrets that are not given are generated once and kept under DATA_DIR.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  const { SETTLE_MASTER_KEY, ...values } = parsed.data;
  const dataDir = resolve(values.DATA_DIR);
  const production = values.NODE_ENV === 'production';
  if (production && values.DATABASE_URL && !values.DATABASE_APP_URL && !values.DATABASE_APP_PASSWORD) {
    throw new ConfigError('Invalid configuration: DATABASE_APP_PASSWORD (or DATABASE_APP_URL) is required in production');
  }
  if (values.SUGGEST_LLM_URL && !values.SUGGEST_LLM_MODEL) throw new ConfigError('Invalid configuration: SUGGEST_LLM_MODEL is required with SUGGEST_LLM_URL');
  const givenMasterKey = SETTLE_MASTER_KEY ? masterKeyFrom(SETTLE_MASTER_KEY, 'SETTLE_MASTER_KEY') : undefined;
  const switchDefault = demoSwitchDefault(values.NODE_ENV);
  const switches = { SEED: values.SEED ?? switchDefault, SANDBOXES: values.SANDBOXES ?? switchDefault, DEMO: values.DEMO ?? switchDefault };
  const refusal = productionRefusal({
    nodeEnv: values.NODE_ENV,
    jwtSecret: values.SETTLE_JWT_SECRET,
    masterKey: givenMasterKey,
    demoPassword: values.DEMO_PASSWORD,
    metricsToken: values.METRICS_TOKEN,
    seed: switches.SEED,
    sandboxes: switches.SANDBOXES,
    demo: switches.DEMO,
    given: { seed: values.SEED, sandboxes: values.SANDBOXES, demo: values.DEMO },
  });
  if (refusal) throw new ConfigError(`Invalid configuration: ${refusal}`);
  let proxies: string[];
  try {
    proxies = trustedProxies(values.TRUST_PROXY);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${(error as Error).message}`);
  }
  return {
    ...values,
    ...switches,
    SANDBOX_PAIRS_ON_SIGNUP: switches.SANDBOXES === 'on' ? (values.SANDBOX_PAIRS_ON_SIGNUP ?? 'on') : 'off',
    DEMO_PASSWORD: values.DEMO_PASSWORD ?? README_DEMO_PASSWORD,
    trustedProxies: proxies,
    dataDir,
    jwtSecret: values.SETTLE_JWT_SECRET ?? localSecret(dataDir, 'jwt-secret'),
    databaseAppPassword: values.DATABASE_APP_PASSWORD ?? localSecret(dataDir, 'database-app-password'),
    databaseSandboxPassword: values.DATABASE_SANDBOX_PASSWORD ?? localSecret(dataDir, 'database-sandbox-password'),
    publicUrl: values.PUBLIC_URL ?? `http://localhost:${values.PORT}`,
    sandboxAdminKey: values.SANDBOX_ADMIN_KEY ?? localSecret(dataDir, 'sandbox-admin-key'),
    masterKey: givenMasterKey
      ?? masterKeyFrom(localSecret(dataDir, MASTER_KEY_FILE), `SETTLE_MASTER_KEY (from ${localSecretFile(dataDir, MASTER_KEY_FILE)})`),
  };
}

/** Parses a master key, naming the variable (or file) it came from in the one-line error. */
export function masterKeyFrom(text: string, source: string): Buffer {
  try {
    return parseMasterKey(text);
  } catch (error) {
    if (error instanceof InvalidMasterKey) throw new ConfigError(`Invalid configuration: ${source} ${error.message}`);
    throw error;
  }
}

/** A development secret generated by `loadConfig`, e.g. `localSecretFile(dataDir, MASTER_KEY_FILE)`. */
export function localSecretFile(dataDir: string, name: string): string {
  return join(dataDir, 'secrets', name);
}

function localSecret(dataDir: string, name: string): string {
  const file = localSecretFile(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
