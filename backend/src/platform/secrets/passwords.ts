/** Password hashes (argon2id): for sign-up and login (auth), invitations (tenancy) and the seed. */
import argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  // Verify against a fixed hash when the user is unknown, so timing does not reveal which emails exist.
  const target = hash ?? (await dummyHash);
  const ok = await argon2.verify(target, password).catch(() => false);
  return ok && hash !== null && hash !== undefined;
}

const dummyHash = argon2.hash('settle-timing-equaliser', { type: argon2.argon2id });
