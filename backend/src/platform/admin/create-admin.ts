/**
 * The first platform administrator of a production Settle (the seed never makes one there): an
 * operator runs `npm run admin:create -- --email ops@example.com` on the server and types the
 * password on standard input. Only its argon2 hash is stored.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { z } from 'zod';
import { PrismaClient } from '../../generated/prisma/client.js';
import { README_DEMO_PASSWORD } from '../config/production-posture.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../secrets/passwords.js';

export class AdminSetupRefused extends Error {}

const emailSchema = z.email().max(254);

export interface PlatformAdminInput {
  email: string;
  password: string;
  name?: string;
}

/** Why this admin cannot be made (one line naming the field), or undefined. */
export function platformAdminProblem({ email, password }: PlatformAdminInput): string | undefined {
  if (!emailSchema.safeParse(email.trim()).success) return `--email ${JSON.stringify(email)} is not an email address`;
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password === README_DEMO_PASSWORD) return "the password must not be the README's demo password";
  return undefined;
}

/** Creates the user as a platform administrator; an email already in use is refused, never overwritten. */
export async function createPlatformAdmin(adminDatabaseUrl: string, input: PlatformAdminInput): Promise<{ id: string; email: string }> {
  const problem = platformAdminProblem(input);
  if (problem) throw new AdminSetupRefused(problem);
  const email = input.email.trim().toLowerCase();
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: adminDatabaseUrl }) });
  try {
    if (await prisma.user.findUnique({ where: { email } })) throw new AdminSetupRefused(`a user ${email} exists already: choose another email`);
    const passwordHash = await hashPassword(input.password);
    const user = await prisma.user.create({ data: { email, name: input.name ?? 'Platform Admin', passwordHash, isPlatformAdmin: true } });
    return { id: user.id, email: user.email };
  } finally {
    await prisma.$disconnect();
  }
}
