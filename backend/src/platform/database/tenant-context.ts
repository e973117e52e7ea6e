import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '../roles.js';

/** What the database lets a transaction do with tenant rows: 'read' refuses INSERT, UPDATE and DELETE. */
export type DatabaseAccess = 'read' | 'write';

/** Read-only actors (a viewer member, a read-scoped API key, a partner granted viewer) only read. */
export function accessOf(actor: Pick<Actor, 'role'>): DatabaseAccess {
  return actor.role === 'viewer' ? 'read' : 'write';
}

/** Who is acting: set once per request (or job) and read by every query through AsyncLocalStorage. */
export interface Actor {
  userId?: string;
  tenantId?: string;
  /** Set when a partner organisation's user acts inside a client tenant. */
  partnerId?: string;
  apiKeyId?: string;
  role?: Role;
  sessionFamilyId?: string;
  isPlatformAdmin?: boolean;
  requestId?: string;
  /** The pipeline event being worked on: every log line of its processing carries it. */
  correlationId?: string;
  ip?: string;
}

const storage = new AsyncLocalStorage<Actor>();

export const TenantContext = {
  run<T>(actor: Actor, fn: () => T): T {
    return storage.run(actor, fn);
  },
  current(): Actor | undefined {
    return storage.getStore();
  },
  /** The current actor, or an empty one: outside a request nobody is acting. */
  actor(): Actor {
    return storage.getStore() ?? {};
  },
};
