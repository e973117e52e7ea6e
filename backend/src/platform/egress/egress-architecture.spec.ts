/**
 * Every outbound connection Settle opens on a tenant's behalf goes through the egress guard. Checked
 * over every production source file: raw outbound connections (fetch, undici, node:http(s) requests,
 * node:net/tls connects, tedious connections) appear only in the guard itself and in code that talks
 * to Settle's own origin or its built-in sandboxes, never to an address a tenant typed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where a raw connection may be opened, and why. */
const ALLOWED: Record<string, string> = {
  'paytrace/client/paytrace-client.ts': "global fetch when no fetch is given: the built-in sandbox only (PayTraceClients gives every tenant's base URL the guard's fetch)",
  'connections/sagepro/sagepro-database.ts': 'tedious, given only the address Egress.checkHost answered',
  'demo/demo-traffic.service.ts': "the demo's traffic to Settle's own origin",
  'demo/paytrace-merchant.ts': "the demo merchant on Settle's own PayTrace sandbox",
  'flows/mapper/suggestion-reranker.ts': "the OpenAI SDK (global fetch unless given one), always given the guard's fetch",
};
const ALLOWED_FOLDERS = ['platform/egress/', 'sandbox/']; // the guard itself; the built-in sandboxes, Settle's own servers

const RAW_CONNECTION = [
  /(?<![.\w])fetch\s*\(/, // global fetch, not a method of the same name (Egress.fetch)
  /from\s+['"]undici['"]/,
  /from\s+['"]node:(http|https|net|tls|http2)['"]/,
  /\b(net|tls)\.connect\s*\(/,
  /new\s+(Tedious\.)?Connection\s*\(/,
  /from\s+['"]tedious['"]/,
  /from\s+['"](axios|got|node-fetch|ky)['"]/,
  /from\s+['"]openai['"]/, // the SDK opens connections with the global fetch unless it is given one
];
/** Imports of node:net that open nothing: address helpers and listening servers. */
const HARMLESS = /import\s+(type\s+)?\{\s*((type\s+)?(isIP|isIPv4|isIPv6|BlockList|AddressInfo|createServer|Server)\s*,?\s*)+\}\s+from\s+['"]node:net['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('egress architecture', () => {
  it('opens raw outbound connections only in the egress guard and the known callers', () => {
    const offenders = sourceFiles(SRC).flatMap((file) => {
      const path = relative(SRC, file).replaceAll('\\', '/');
      if (ALLOWED[path] || ALLOWED_FOLDERS.some((folder) => path.startsWith(folder))) return [];
      const text = readFileSync(file, 'utf8').replace(HARMLESS, '');
      return RAW_CONNECTION.filter((pattern) => pattern.test(text)).map((pattern) => `${path}: ${pattern}`);
    });
    expect(offenders).toEqual([]);
  });

  it('has the guard in front of the known callers', () => {
    const read = (path: string) => readFileSync(join(SRC, path), 'utf8');
    expect(read('paytrace/paytrace-clients.service.ts')).toMatch(/this\.egress\.fetch\(/);
    expect(read('connections/sagepro/sagepro-connections.service.ts')).toMatch(/this\.egress\.checkHost\(/);
    expect(read('monitoring/alerts/webhook-post.ts')).toMatch(/egressRequest\(/);
    expect(read('flows/mapper/suggestion-reranker.ts')).toMatch(/fetch: egress\.fetch\(/);
  });
});
