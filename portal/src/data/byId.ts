import type { Identifier, RaRecord } from 'react-admin';
import { ApiError, gql } from '../graphql';

export interface ByIdSpec<Row, R> {
  /** The Query field that reads one record, `field(id: ID!)`. */
  field: string;
  selection: string;
  /** A row as the API returns it → the record react-admin shows. */
  toRecord: (row: Row) => R;
}

/** For records shown as the API returns them. */
export const asIs = <R>(row: R): R => row;

/** The aliased document that reads `count` records of `field` in one request: r0: field(id: $id0) … */
export function manyDocument(field: string, selection: string, count: number): string {
  const indexes = Array.from({ length: count }, (_, i) => i);
  const declared = indexes.map(i => `$id${i}: ID!`).join(', ');
  const reads = indexes.map(i => `r${i}: ${field}(id: $id${i}) { ${selection} }`).join('\n    ');
  return `query Many(${declared}) {\n    ${reads}\n  }`;
}

/**
 * getOne and getMany through the API's `field(id)`. getMany reads every id in one aliased query. The
 * API's reads are non-null, so one record that is gone (NOT_FOUND) fails the whole answer: it is read
 * again once without the ids that failed, which leaves them out (a ReferenceField to a deleted
 * connection shows nothing, the others still show).
 */
export function byId<R extends RaRecord, Row = R>(spec: ByIdSpec<Row, R>) {
  const one = `query One($id: ID!) { ${spec.field}(id: $id) { ${spec.selection} } }`;

  async function read(ids: Identifier[]): Promise<R[]> {
    if (!ids.length) return [];
    const variables = Object.fromEntries(ids.map((id, i) => [`id${i}`, id]));
    const data = await gql<Record<string, Row>>(manyDocument(spec.field, spec.selection, ids.length), variables);
    return ids.map((_, i) => spec.toRecord(data[`r${i}`]));
  }

  return {
    async getOne(id: Identifier): Promise<R> {
      return spec.toRecord((await gql<Record<string, Row>>(one, { id }))[spec.field]);
    },
    async getMany(ids: Identifier[]): Promise<R[]> {
      const unique = [...new Set(ids)];
      try {
        return await read(unique);
      } catch (e) {
        const gone = goneAliases(e);
        if (!gone) throw e;
        return read(unique.filter((_, i) => !gone.has(`r${i}`)));
      }
    },
  };
}

/** The aliases that failed with NOT_FOUND, when that is all that failed; otherwise undefined. */
function goneAliases(error: unknown): Set<string> | undefined {
  if (!(error instanceof ApiError) || !error.failedFields.length) return undefined;
  if (error.failedFields.some(f => f.code !== 'NOT_FOUND')) return undefined;
  return new Set(error.failedFields.map(f => f.name));
}
