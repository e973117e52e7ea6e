/**
 * Envelope encryption with AES-256-GCM, as plain functions (node:crypto only).
 *
 * - The master key (SETTLE_MASTER_KEY, 32 bytes) only wraps data keys; it never touches a secret.
 * - Each tenant has a data key (32 random bytes), stored wrapped:   v1:<masterKeyId>:<iv>:<tag>:<data>
 * - Secrets are encrypted with their tenant's data key:             v1:<dataKeyId>:<iv>:<tag>:<data>
 *
 * iv (12 bytes), tag (16 bytes) and data are base64url without padding. The associated data binds
 * every ciphertext to its header and its owner: a secret to its tenant, a wrapped data key to its data
 * key id and tenant, so a value copied to another tenant's row fails to decrypt.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CANARY_PLAINTEXT = 'settle master key canary';

/** SETTLE_MASTER_KEY (or SETTLE_NEW_MASTER_KEY) is not 32 bytes in a known encoding. */
export class InvalidMasterKey extends Error {
  constructor() {
    super('must be 32 bytes given as base64, base64url or 64 hex characters (generate one with: openssl rand -base64 32)');
  }
}

/** Wrong key, wrong owner, tampered or malformed ciphertext: deliberately not told apart. */
export class DecryptionFailed extends Error {}

/** Whose data key a wrapped key is: bound into the wrapping so that rows cannot be swapped. */
export interface DataKeyOwner {
  dataKeyId: string;
  tenantId: string;
}

/** Parses a master key given as 64 hex characters, or base64 / base64url (padded or not). */
export function parseMasterKey(text: string): Buffer {
  const value = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-f]{64}$/i.test(value)) key = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) key = Buffer.from(value, 'base64');
  if (key?.length !== KEY_BYTES) throw new InvalidMasterKey();
  return key;
}

/** A short, stable name for a master key: a domain-separated hash, which reveals nothing of the key. */
export function masterKeyId(masterKey: Buffer): string {
  assertKey(masterKey);
  return createHash('sha256').update('settle/master-key-id/v1\0').update(masterKey).digest('hex').slice(0, 16);
}

export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function wrapDataKey(dataKey: Buffer, masterKey: Buffer, owner: DataKeyOwner): string {
  assertKey(dataKey);
  return seal(masterKey, masterKeyId(masterKey), dataKey, dataKeyContext(owner));
}

export function unwrapDataKey(wrapped: string, masterKey: Buffer, owner: DataKeyOwner): Buffer {
  const expected = masterKeyId(masterKey);
  const keyId = keyIdOf(wrapped);
  if (keyId !== expected) throw new DecryptionFailed(`data key ${owner.dataKeyId} is wrapped by master key ${keyId}, not ${expected}`);
  const dataKey = open(masterKey, wrapped, dataKeyContext(owner));
  if (dataKey.length !== KEY_BYTES) throw new DecryptionFailed('unwrapped data key has the wrong length');
  return dataKey;
}

/** Encrypts a tenant's secret with that tenant's data key; the tenant id is bound as associated data. */
export function encryptSecret(plaintext: string, dataKeyId: string, dataKey: Buffer, tenantId: string): string {
  return seal(dataKey, dataKeyId, Buffer.from(plaintext, 'utf8'), secretContext(tenantId));
}

export function decryptSecret(ciphertext: string, dataKey: Buffer, tenantId: string): string {
  return open(dataKey, ciphertext, secretContext(tenantId)).toString('utf8');
}

/** The data key a secret was encrypted with, read from its header without decrypting. */
export function dataKeyIdOf(ciphertext: string): string {
  return keyIdOf(ciphertext);
}

/** A value encrypted with a master key, kept to prove at start that the configured key is that one. */
export function createCanary(masterKey: Buffer): string {
  return seal(masterKey, masterKeyId(masterKey), Buffer.from(CANARY_PLAINTEXT), 'canary');
}

export function canaryMatches(canary: string, masterKey: Buffer): boolean {
  try {
    return keyIdOf(canary) === masterKeyId(masterKey) && open(masterKey, canary, 'canary').toString() === CANARY_PLAINTEXT;
  } catch (error) {
    if (error instanceof DecryptionFailed) return false;
    throw error;
  }
}

/** What the API shows of a secret: dots, and the last 4 characters only when it is long enough to spare them. */
export function secretHint(secret: string): string {
  const chars = Array.from(secret);
  return `••••••${chars.length >= 12 ? chars.slice(-4).join('') : ''}`;
}

const dataKeyContext = ({ dataKeyId, tenantId }: DataKeyOwner) => `data-key|${dataKeyId}|${tenantId}`;
const secretContext = (tenantId: string) => `secret|${tenantId}`;

function seal(key: Buffer, keyId: string, plaintext: Buffer, context: string): string {
  assertKey(key);
  if (!/^[A-Za-z0-9-]+$/.test(keyId)) throw new Error(`invalid key id ${JSON.stringify(keyId)}`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(keyId, context));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, keyId, iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
}

function open(key: Buffer, text: string, context: string): Buffer {
  assertKey(key);
  const { keyId, iv, tag, data } = parse(text);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(keyId, context));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new DecryptionFailed('could not decrypt: wrong key, wrong owner or tampered ciphertext');
  }
}

/** The header (version, key id) is authenticated too: it cannot be edited to point elsewhere. */
const associatedData = (keyId: string, context: string) => Buffer.from(`settle|${VERSION}|${keyId}|${context}`, 'utf8');

function keyIdOf(text: string): string {
  return parse(text).keyId;
}

function parse(text: string): { keyId: string; iv: Buffer; tag: Buffer; data: Buffer } {
  const parts = typeof text === 'string' ? text.split(':') : [];
  if (parts.length !== 5 || parts[0] !== VERSION || !/^[A-Za-z0-9-]+$/.test(parts[1])) {
    throw new DecryptionFailed(`not a ${VERSION} Settle ciphertext`);
  }
  const [iv, tag, data] = parts.slice(2).map(strictBase64url);
  if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || !data) throw new DecryptionFailed('malformed ciphertext');
  return { keyId: parts[1], iv, tag, data };
}

/** Only the canonical encoding is accepted, so that no two strings decode to the same bytes. */
function strictBase64url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new Error('an AES-256 key must be 32 bytes');
}
