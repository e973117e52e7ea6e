import type { RaRecord } from 'react-admin';
import { gql } from '../graphql';
import type { FormValues, ListPage, ListQuery } from './resource';

type Connection<R> = { nodes: R[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };

/**
 * The document of a cursor-paged list: `field(first, after, …arguments)` with `selection` per node.
 * `args` maps each filter argument to its GraphQL type, e.g. `{ state: 'EventState' }`.
 */
export function connectionDocument(field: string, selection: string, args: Record<string, string> = {}): string {
  const names = Object.keys(args);
  const declared = names.map(n => `, $${n}: ${args[n]}`).join('');
  const passed = names.map(n => `, ${n}: $${n}`).join('');
  return `query List($first: Int, $after: String${declared}) {
    ${field}(first: $first, after: $after${passed}) { nodes { ${selection} } pageInfo { endCursor hasNextPage } }
  }`;
}

// react-admin numbers pages; the API pages with cursors. cursors[key][n] = endCursor of page n+1,
// where key = document + perPage + variables, so page N is fetched with `after: endCursor(N-1)`.
const cursors = new Map<string, (string | null)[]>();
/** Forget every cursor (another tenant's or user's pages must not be continued). */
export const resetCursors = () => cursors.clear();

export interface CursorListSpec {
  document: string;
  /** The Query field the document reads. */
  field: string;
  /** react-admin filter → the document's filter variables (null: not filtered). */
  variables?: (filter: FormValues) => Record<string, unknown>;
  /** Filters that hold another resource's id (getManyReference's targets). */
  references?: readonly string[];
}

/** getList over a cursor-paged connection; the API's order (newest first) is the only one. */
export function cursorList<R extends RaRecord>(spec: CursorListSpec) {
  const fetchPage = async (variables: Record<string, unknown>, first: number, after: string | null) =>
    (await gql<Record<string, Connection<R>>>(spec.document, { first, after, ...variables }))[spec.field];

  async function getList({ page, perPage, filter }: ListQuery): Promise<ListPage<R>> {
    const variables = spec.variables?.(filter) ?? {};
    const key = JSON.stringify([spec.document, perPage, variables]);
    const known = cursors.get(key) ?? [];
    cursors.set(key, known);
    // Deep link / reload on page N without cached cursors: walk forward from the last known page.
    for (let p = 1; p < page; p++) {
      if (known[p - 1] !== undefined) continue;
      const prev = await fetchPage(variables, perPage, p === 1 ? null : known[p - 2]);
      known[p - 1] = prev.pageInfo.endCursor;
      if (!prev.pageInfo.hasNextPage) {
        return { data: [], total: (p - 1) * perPage + prev.nodes.length, pageInfo: { hasNextPage: false, hasPreviousPage: true } };
      }
    }
    const conn = await fetchPage(variables, perPage, page > 1 ? known[page - 2] : null);
    known[page - 1] = conn.pageInfo.endCursor;
    const { hasNextPage } = conn.pageInfo;
    return {
      data: conn.nodes,
      // On the last page the exact total is known, which gives react-admin a correct "x-y of z" label.
      total: hasNextPage ? undefined : (page - 1) * perPage + conn.nodes.length,
      pageInfo: { hasNextPage, hasPreviousPage: page > 1 },
    };
  }
  return { getList, references: spec.references };
}

/** getList over a small list the API returns whole (no pages, its own order): every row, whatever the page. */
export function wholeList<R extends RaRecord>(document: string, field: string) {
  return {
    async getList(): Promise<ListPage<R>> {
      const data = (await gql<Record<string, R[]>>(document))[field];
      return { data, total: data.length };
    },
  };
}
