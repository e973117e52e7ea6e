/**
 * What NODE_ENV=production demands and refuses, as plain rules `loadConfig` applies: no default or
 * placeholder secret, no demo (seed, demo password, sandboxes, traffic) unless each is turned on,
 * and trusted proxies named explicitly.
 */
import { isIP } from 'node:net';

export type Switch = 'on' | 'off';

/** The README's demo password: fine on a laptop, never in production. */
export const README_DEMO_PASSWORD = 'settle-demo-2026';

/** The demo switches when they are not given: on for development and tests, off in production. */
export function demoSwitchDefault(nodeEnv: string): Switch {
  return nodeEnv === 'production' ? 'off' : 'on';
}

/**
 * Words that mark a value copied from an example rather than generated; six letters or more, so a
 * random secret contains one by chance about once in 10^7.
 */
const PLACEHOLDER_WORDS = ['change', 'example', 'placeholder', 'secret', 'password', 'settle', 'default', 'replace'];

/**
 * A secret that was typed or copied rather than generated: a placeholder word, or too few distinct
 * characters (`aaaa…`, `0123…0123`). 32 random base64 characters have ~22 distinct ones.
 */
export function isPlaceholderSecret(value: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.some((word) => lower.includes(word))) return true;
  return new Set(value).size < Math.min(12, Math.ceil(value.length / 3));
}

/** A 32-byte master key that nobody generated: all one byte, or a short repeating pattern. */
export function isWeakMasterKey(key: Buffer): boolean {
  return new Set(key).size < 12;
}

export interface PostureInput {
  nodeEnv: string;
  jwtSecret?: string;
  masterKey?: Buffer;
  /** Whether DEMO_PASSWORD was given (not the README's default). */
  demoPassword?: string;
  metricsToken?: string;
  seed: Switch;
  sandboxes: Switch;
  demo: Switch;
  /** SEED, SANDBOXES and DEMO as given in the environment (undefined: the default). */
  given: { seed?: Switch; sandboxes?: Switch; demo?: Switch };
}

/** The first reason production must not start with these settings (one line naming the variable), or undefined. */
export function productionRefusal(input: PostureInput): string | undefined {
  if (input.nodeEnv !== 'production') return undefined;
  if (!input.jwtSecret) return 'SETTLE_JWT_SECRET is required when NODE_ENV=production (generate one with: openssl rand -base64 48)';
  if (isPlaceholderSecret(input.jwtSecret)) return 'SETTLE_JWT_SECRET looks like a placeholder, not a generated secret (generate one with: openssl rand -base64 48)';
  if (!input.masterKey) return 'SETTLE_MASTER_KEY is required when NODE_ENV=production (generate one with: openssl rand -base64 32)';
  if (isWeakMasterKey(input.masterKey)) return 'SETTLE_MASTER_KEY is not a generated key (generate one with: openssl rand -base64 32)';
  if (input.metricsToken !== undefined && isPlaceholderSecret(input.metricsToken)) {
    return 'METRICS_TOKEN looks like a placeholder, not a generated secret (generate one with: openssl rand -hex 32)';
  }
  if (input.seed === 'on') {
    if (input.demoPassword === undefined) return 'DEMO_PASSWORD is required with SEED=on when NODE_ENV=production (the README\'s demo password is public)';
    if (input.demoPassword === README_DEMO_PASSWORD || isPlaceholderSecret(input.demoPassword)) {
      return 'DEMO_PASSWORD must not be the README\'s demo password or a placeholder when NODE_ENV=production';
    }
  }
  if (input.given.demo === 'on' && (input.seed !== 'on' || input.sandboxes !== 'on')) {
    return 'DEMO=on needs SEED=on and SANDBOXES=on (the demo tenant is seeded and runs on the sandboxes)';
  }
  return undefined;
}

/** Names proxy-addr (Fastify's trustProxy) knows for address ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: a comma-separated list of proxy addresses, CIDR ranges or the names loopback,
 * linklocal, uniquelocal. Empty: no proxy is trusted and X-Forwarded-* headers are ignored.
 * `true`/`*` (trust anyone) is refused: any client could then choose its own address.
 * Returns the list (empty: trust none) or throws an Error naming the bad entry.
 */
export function trustedProxies(text: string | undefined): string[] {
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!isProxyEntry(entry)) {
      throw new Error(
        `TRUST_PROXY entry "${entry}" is not an address, a CIDR range or loopback/linklocal/uniquelocal (name the proxies; trusting every sender is not allowed)`,
      );
    }
  }
  return entries;
}

function isProxyEntry(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}
