import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from '../validation.js';

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true })
  endCursor: string | null;

  @Field()
  hasNextPage: boolean;
}

/** A page when none is asked for, and the largest one served (query-cost.ts counts pages by them). */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 1 to 100 (default 50).' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string;
}

export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

/** A GraphQL connection type `<Name>Connection { nodes, pageInfo }` for `item`. */
export function ConnectionOf<T>(item: Type<T>, name: string): Type<Connection<T>> {
  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [item])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;
  }
  return ConnectionType;
}

/** Keyset position: newest first, ties broken by id. Opaque to clients. */
export interface Cursor {
  createdAt: Date;
  id: string;
}

const pageSchema = z.object({
  first: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  after: z.string().max(200).optional().nullable(),
});

export interface Page {
  first: number;
  after?: Cursor;
}

export function readPage(args: PageArgs): Page {
  const { first, after } = parseInput(pageSchema, args);
  return { first, after: after ? decodeCursor(after) : undefined };
}

export function encodeCursor(row: Cursor): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(value: string): Cursor {
  const [iso, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso);
  if (!id || Number.isNaN(createdAt.getTime())) parseInput(z.never(), undefined, 'after');
  return { createdAt, id };
}

/** Prisma `where` and `orderBy` for rows after the cursor, newest first. */
export function keysetQuery(page: Page) {
  const where = page.after
    ? {
        OR: [
          { createdAt: { lt: page.after.createdAt } },
          { createdAt: page.after.createdAt, id: { lt: page.after.id } },
        ],
      }
    : {};
  return { where, orderBy: [{ createdAt: 'desc' as const }, { id: 'desc' as const }], take: page.first + 1 };
}

/** Turns `first + 1` fetched rows into a connection. */
export function toConnection<T extends Cursor, N = T>(rows: T[], page: Page, map?: (row: T) => N): Connection<N> {
  const hasNextPage = rows.length > page.first;
  const pageRows = rows.slice(0, page.first);
  const last = pageRows.at(-1);
  return {
    nodes: pageRows.map((row) => (map ? map(row) : (row as unknown as N))),
    pageInfo: { endCursor: last ? encodeCursor(last) : null, hasNextPage },
  };
}
