import type { Identifier, RaRecord, SortPayload } from 'react-admin';
import { ApiError } from '../graphql';

/** What react-admin asks of a list, with its defaults filled in. */
export interface ListQuery {
  page: number;
  perPage: number;
  /** The API orders every list itself (newest first); react-admin's sort is not sent. */
  sort: SortPayload;
  filter: FormValues;
}

export interface ListPage<R extends RaRecord> {
  data: R[];
  /** Known on the last page of a cursor list (and for whole lists): react-admin then shows "x-y of z". */
  total?: number;
  pageInfo?: { hasNextPage: boolean; hasPreviousPage: boolean };
}

/** Values of a react-admin form or filter: untyped until a module reads them. */
export type FormValues = Record<string, unknown>;

/**
 * One react-admin resource: the operations the API supports for it, nothing else. The data provider
 * answers every other method with `unsupported`. getManyReference is getList with the reference's
 * filter, for the filters named in `references`.
 */
export interface ResourceModule<R extends RaRecord = RaRecord> {
  getList?(query: ListQuery): Promise<ListPage<R>>;
  /** `meta`: what the caller passed to useGetOne; virtual records are built from it. */
  getOne?(id: Identifier, meta: unknown): Promise<R>;
  /** One request for all ids; records that are gone are left out. */
  getMany?(ids: Identifier[]): Promise<R[]>;
  /** Filters of getList that hold another resource's id (getManyReference's `target`). */
  references?: readonly string[];
  create?(data: FormValues): Promise<R>;
  /**
   * `previous`: the record as shown, so that only what changed is sent; it is the answer when nothing
   * changed (no request, no audit entry).
   */
  update?(id: Identifier, data: FormValues, previous: RaRecord | undefined): Promise<R | RaRecord>;
  /** The deleted record: the API's answer, else the record as shown, else just its id. */
  delete?(id: Identifier, previous: RaRecord | undefined): Promise<R | RaRecord>;
}

export type DataMethod = 'getList' | 'getOne' | 'getMany' | 'getManyReference' | 'create' | 'update' | 'delete' | 'updateMany' | 'deleteMany';

export const unsupported = (method: DataMethod, resource: string, why = ''): ApiError =>
  new ApiError(`${method} is not supported for "${resource}"${why ? `: ${why}` : ''}`, 'BAD_REQUEST');

// ---- reading form values ----------------------------------------------------------------------
/** Trimmed text, or null for empty/whitespace/non-text. */
export const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
/** A number input's value; null when empty. */
export const number = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
export const checked = (v: unknown): boolean => v === true || v === 'true';

/** The fields among `fields` whose trimmed text is set and differs from `previous` (all set ones without it). */
export function changedText(data: FormValues, fields: readonly string[], previous: FormValues = {}): FormValues {
  const input: FormValues = {};
  for (const f of fields) {
    const v = text(data[f]);
    if (v !== null && v !== previous[f]) input[f] = v;
  }
  return input;
}

/** Like changedText, for number inputs. */
export function changedNumbers(data: FormValues, fields: readonly string[], previous: FormValues = {}): FormValues {
  const input: FormValues = {};
  for (const f of fields) {
    const v = number(data[f]);
    if (v !== null && v !== previous[f]) input[f] = v;
  }
  return input;
}
