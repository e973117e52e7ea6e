import { PrismaPg } from '@prisma/adapter-pg';
import { hashPassword, verifyPassword } from '../secrets/passwords.js';
import { PrismaClient } from '../../generated/prisma/client.js';

export const DEMO_TENANT_ID = '00000000-0000-4000-8000-00000000de00';
export const DEMO_OWNER_EMAIL = 'demo@settle.local';
export const PLATFORM_ADMIN_EMAIL = 'admin@settle.local';

export interface SeedResult {
  demoOwnerEmail: string;
  /** Undefined when the platform admin was not seeded (production). */
  platformAdminEmail?: string;
}

/** Whether the seed makes the platform admin: never in production, whose first one comes from `npm run admin:create`. */
export function seedsPlatformAdmin(config: { NODE_ENV: string }): boolean {
  return config.NODE_ENV !== 'production';
}

export interface SeedOptions {
  /**
   * Seed the platform administrator too (default). Production never does: its first platform admin
   * comes from `npm run admin:create` (platform/admin/create-admin.ts), with a password of their own.
   */
  platformAdmin?: boolean;
}

/**
 * Idempotent seed, run at every start with the privileged URL (SEED=on): a demo tenant with its
 * owner, and a platform administrator (who may open /admin/queues). Both log in with `password`.
 */
export async function seed(adminDatabaseUrl: string, password: string, { platformAdmin = true }: SeedOptions = {}): Promise<SeedResult> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: adminDatabaseUrl }) });
  try {
    // Password hashing is slow on purpose: done before the transaction, which then only writes.
    const owner = await userValues(prisma, DEMO_OWNER_EMAIL, 'Demo Owner', password, false);
    const admin = platformAdmin ? await userValues(prisma, PLATFORM_ADMIN_EMAIL, 'Platform Admin', password, true) : undefined;
    await prisma.$transaction(async (tx) => {
      const ownerRow = await upsertUser(tx, owner);
      if (admin) await upsertUser(tx, admin);
      await tx.tenant.upsert({ where: { id: DEMO_TENANT_ID }, update: {}, create: { id: DEMO_TENANT_ID, name: 'Demo Company' } });
      await tx.membership.upsert({
        where: { tenantId_userId: { tenantId: DEMO_TENANT_ID, userId: ownerRow.id } },
        update: {},
        create: { tenantId: DEMO_TENANT_ID, userId: ownerRow.id, role: 'owner' },
      });
    });
    return { demoOwnerEmail: DEMO_OWNER_EMAIL, platformAdminEmail: admin ? PLATFORM_ADMIN_EMAIL : undefined };
  } finally {
    await prisma.$disconnect();
  }
}

type SeedTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

interface SeedUser {
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  /** Undefined when the stored hash already matches the password: the row is left alone. */
  passwordHash?: string;
}

async function userValues(prisma: PrismaClient, email: string, name: string, password: string, isPlatformAdmin: boolean): Promise<SeedUser> {
  const existing = await prisma.user.findUnique({ where: { email } });
  if (existing && (await verifyPassword(existing.passwordHash, password))) return { email, name, isPlatformAdmin };
  return { email, name, isPlatformAdmin, passwordHash: await hashPassword(password) };
}

async function upsertUser(tx: SeedTx, { email, name, isPlatformAdmin, passwordHash }: SeedUser) {
  if (!passwordHash) return tx.user.findUniqueOrThrow({ where: { email } });
  return tx.user.upsert({
    where: { email },
    update: { passwordHash, isPlatformAdmin },
    create: { email, name, passwordHash, isPlatformAdmin },
  });
}
