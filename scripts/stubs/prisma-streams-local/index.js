// Prisma's CLI depends on @prisma/streams-local only for the durable streams server of `prisma dev`
// (a local Prisma Postgres). The real package needs Node 22 (node:sqlite) while Settle supports Node
// 20, and Settle runs its own PostgreSQL, so the root package.json's `overrides` puts this stand-in
// in its place: installs stay free of engine warnings, and `prisma dev` says why it cannot start.
export async function startLocalDurableStreamsServer() {
  throw new Error('Prisma Streams (used by `prisma dev`) needs Node 22 or later; Settle does not use `prisma dev`.');
}
