import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canaryMatches,
  createCanary,
  DecryptionFailed,
  dataKeyIdOf,
  decryptSecret,
  encryptSecret,
  InvalidMasterKey,
  masterKeyId,
  newDataKey,
  parseMasterKey,
  secretHint,
  unwrapDataKey,
  wrapDataKey,
} from './envelope.js';

const TENANT_A = '2b6f0d3e-59a4-4c1e-9a53-6c1d0c6f1a01';
const TENANT_B = '2b6f0d3e-59a4-4c1e-9a53-6c1d0c6f1a02';

/** Re-encodes one base64url field of `v1:<id>:<iv>:<tag>:<data>` after flipping one bit of it. */
function flipBit(ciphertext: string, field: 2 | 3 | 4, byte = 0): string {
  const parts = ciphertext.split(':');
  const bytes = Buffer.from(parts[field], 'base64url');
  bytes[byte] ^= 0x01;
  parts[field] = bytes.toString('base64url');
  return parts.join(':');
}

describe('parseMasterKey', () => {
  const key = randomBytes(32);

  it.each([
    ['base64', key.toString('base64')],
    ['base64 without padding', key.toString('base64').replace(/=+$/, '')],
    ['base64url', key.toString('base64url')],
    ['hex', key.toString('hex')],
    ['upper-case hex', key.toString('hex').toUpperCase()],
    ['with surrounding whitespace', ` ${key.toString('base64')}\n`],
  ])('accepts 32 bytes as %s', (_label, text) => {
    expect(parseMasterKey(text).equals(key)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['a passphrase', 'correct horse battery staple'],
    ['16 bytes', randomBytes(16).toString('base64')],
    ['48 bytes', randomBytes(48).toString('base64')],
    ['63 hex characters', key.toString('hex').slice(1)],
    ['base64 with a foreign character', `${key.toString('base64url').slice(0, 42)}!`],
  ])('rejects %s with one clear line', (_label, text) => {
    expect(() => parseMasterKey(text)).toThrow(InvalidMasterKey);
    try {
      parseMasterKey(text);
    } catch (error) {
      expect((error as Error).message).toMatch(/32 bytes.*base64.*hex/);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('masterKeyId', () => {
  it('is short, stable, distinct per key and not a piece of the key', () => {
    const key = randomBytes(32);
    const id = masterKeyId(key);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(masterKeyId(Buffer.from(key))).toBe(id);
    expect(masterKeyId(randomBytes(32))).not.toBe(id);
    expect(key.toString('hex')).not.toContain(id);
  });

  it('is the same whichever encoding the key was given in', () => {
    const key = randomBytes(32);
    expect(masterKeyId(parseMasterKey(key.toString('hex')))).toBe(masterKeyId(parseMasterKey(key.toString('base64url'))));
  });

  it('is pinned, so that ids stored in databases stay valid across releases', () => {
    // sha256("settle/master-key-id/v1\0" || 32 zero bytes), first 16 hex digits (checked with Python's hashlib)
    expect(masterKeyId(Buffer.alloc(32, 0))).toBe('567f07e323516f8c');
  });
});

describe('data key wrapping', () => {
  const master = randomBytes(32);
  const owner = { dataKeyId: randomUUID(), tenantId: TENANT_A };

  it('round-trips and records the master key id', () => {
    const dataKey = newDataKey();
    const wrapped = wrapDataKey(dataKey, master, owner);
    expect(wrapped).toMatch(/^v1:[0-9a-f]{16}:[\w-]{16}:[\w-]{22}:[\w-]{43}$/);
    expect(wrapped.split(':')[1]).toBe(masterKeyId(master));
    expect(unwrapDataKey(wrapped, master, owner).equals(dataKey)).toBe(true);
    expect(wrapped).not.toContain(dataKey.toString('base64url'));
  });

  it('uses a fresh IV every time', () => {
    const dataKey = newDataKey();
    expect(wrapDataKey(dataKey, master, owner)).not.toBe(wrapDataKey(dataKey, master, owner));
  });

  it('fails with another master key', () => {
    const wrapped = wrapDataKey(newDataKey(), master, owner);
    expect(() => unwrapDataKey(wrapped, randomBytes(32), owner)).toThrow(DecryptionFailed);
  });

  it('fails when the header is edited to name another master key', () => {
    const other = randomBytes(32);
    const wrapped = wrapDataKey(newDataKey(), master, owner).split(':');
    wrapped[1] = masterKeyId(other);
    expect(() => unwrapDataKey(wrapped.join(':'), other, owner)).toThrow(DecryptionFailed);
  });

  it('fails when the row is moved to another tenant or data key id', () => {
    const wrapped = wrapDataKey(newDataKey(), master, owner);
    expect(() => unwrapDataKey(wrapped, master, { ...owner, tenantId: TENANT_B })).toThrow(DecryptionFailed);
    expect(() => unwrapDataKey(wrapped, master, { ...owner, dataKeyId: randomUUID() })).toThrow(DecryptionFailed);
  });

  it.each([
    ['iv', 2],
    ['tag', 3],
    ['wrapped key', 4],
  ] as const)('fails when the %s is tampered with', (_label, field) => {
    const wrapped = wrapDataKey(newDataKey(), master, owner);
    expect(() => unwrapDataKey(flipBit(wrapped, field), master, owner)).toThrow(DecryptionFailed);
  });
});

describe('secret encryption', () => {
  const dataKey = newDataKey();
  const dataKeyId = randomUUID();
  const plaintext = 'PayTrace-password-#1 ünïcode ✓';

  it('round-trips, with the data key id readable without decrypting', () => {
    const ciphertext = encryptSecret(plaintext, dataKeyId, dataKey, TENANT_A);
    expect(ciphertext.startsWith(`v1:${dataKeyId}:`)).toBe(true);
    expect(dataKeyIdOf(ciphertext)).toBe(dataKeyId);
    expect(ciphertext).not.toContain(plaintext);
    expect(decryptSecret(ciphertext, dataKey, TENANT_A)).toBe(plaintext);
  });

  it('round-trips an empty secret', () => {
    expect(decryptSecret(encryptSecret('', dataKeyId, dataKey, TENANT_A), dataKey, TENANT_A)).toBe('');
  });

  it('never produces the same ciphertext twice', () => {
    expect(encryptSecret(plaintext, dataKeyId, dataKey, TENANT_A)).not.toBe(encryptSecret(plaintext, dataKeyId, dataKey, TENANT_A));
  });

  it('fails with another data key', () => {
    const ciphertext = encryptSecret(plaintext, dataKeyId, dataKey, TENANT_A);
    expect(() => decryptSecret(ciphertext, newDataKey(), TENANT_A)).toThrow(DecryptionFailed);
  });

  it('fails for another tenant, even with the right data key (associated data)', () => {
    const ciphertext = encryptSecret(plaintext, dataKeyId, dataKey, TENANT_A);
    expect(() => decryptSecret(ciphertext, dataKey, TENANT_B)).toThrow(DecryptionFailed);
  });

  it('fails when the data key id in the header is edited', () => {
    const parts = encryptSecret(plaintext, dataKeyId, dataKey, TENANT_A).split(':');
    parts[1] = randomUUID();
    expect(() => decryptSecret(parts.join(':'), dataKey, TENANT_A)).toThrow(DecryptionFailed);
  });

  it.each([
    ['iv', 2, 0],
    ['tag', 3, 0],
    ['last tag byte', 3, 15],
    ['data', 4, 0],
    ['last data byte', 4, 10],
  ] as const)('fails when the %s is tampered with', (_label, field, byte) => {
    const ciphertext = encryptSecret(plaintext, dataKeyId, dataKey, TENANT_A);
    expect(() => decryptSecret(flipBit(ciphertext, field, byte), dataKey, TENANT_A)).toThrow(DecryptionFailed);
  });

  it('refuses a truncated tag (no short-tag forgeries)', () => {
    const parts = encryptSecret(plaintext, dataKeyId, dataKey, TENANT_A).split(':');
    parts[3] = Buffer.from(parts[3], 'base64url').subarray(0, 4).toString('base64url');
    expect(() => decryptSecret(parts.join(':'), dataKey, TENANT_A)).toThrow(DecryptionFailed);
  });

  it.each([
    ['not a ciphertext', 'hunter2'],
    ['another version', 'v2:a:b:c:d'],
    ['too few parts', 'v1:abc:def'],
    ['non-canonical base64url', (c: string) => c.replace(/:([\w-]+)$/, ':$1=')],
  ])('rejects %s as malformed', (_label, input) => {
    const text = typeof input === 'function' ? input(encryptSecret(plaintext, dataKeyId, dataKey, TENANT_A)) : input;
    expect(() => decryptSecret(text, dataKey, TENANT_A)).toThrow(DecryptionFailed);
  });
});

describe('master key canary', () => {
  it('matches only the key it was created with', () => {
    const master = randomBytes(32);
    const canary = createCanary(master);
    expect(canary.split(':')[1]).toBe(masterKeyId(master));
    expect(canaryMatches(canary, master)).toBe(true);
    expect(canaryMatches(canary, randomBytes(32))).toBe(false);
    expect(canaryMatches(flipBit(canary, 4), master)).toBe(false);
    expect(canaryMatches('garbage', master)).toBe(false);
  });
});

describe('secretHint', () => {
  it.each([
    ['', '••••••'],
    ['short', '••••••'],
    ['elevenchars', '••••••'],
    ['twelve-chars', '••••••hars'],
    ['sk_live_abcdef1234', '••••••1234'],
    ['pässwörd-✓✓✓✓', '••••••✓✓✓✓'],
  ])('%j → %j', (secret, hint) => {
    expect(secretHint(secret)).toBe(hint);
  });
});
