import type { Identifier, RaRecord } from 'react-admin';
import { gql } from '../../graphql';
import { byId } from '../byId';
import { connectionDocument, cursorList } from '../lists';
import { type ResourceModule, text } from '../resource';

const EVENT = `id source externalId type state integrationId paymentKey documentNumber amountMinor currency correlationId
  attempts lastError receivedAt nextAttemptAt completedAt`;
const EVENT_DETAIL = `${EVENT} outcome event payload
  timeline { step outcome attempt startedAt durationMs rule detail }
  effects { kind reference invno sono custno amountMinor currency writeOutcome createdAt }`;
const DEAD_LETTER = `id eventId cause errorCode reason field attempts createdAt replayedAt event { ${EVENT} }`;
const REVIEW = `id eventId reason detail resolution createdAt resolvedAt event { ${EVENT} event }`;

type EventDetailRow = RaRecord & { timeline: object[]; effects: object[] };
/** Steps and effects get ids: react-admin's lists (timeline, effects table) key their rows by id. */
const withIds = <T extends object>(rows: T[]) => rows.map((row, i) => ({ id: i + 1, ...row }));

/** The react-admin resource "events": sync events from every source (syncEvent(s) in the API). */
export const events: ResourceModule = {
  ...cursorList({
    document: connectionDocument('syncEvents', EVENT, { state: 'EventState', type: 'String', source: 'String', search: 'String' }),
    field: 'syncEvents',
    variables: f => ({ state: text(f.state), type: text(f.type), source: text(f.source), search: text(f.search) }),
  }),
  ...byId<RaRecord, EventDetailRow>({
    field: 'syncEvent',
    selection: EVENT_DETAIL,
    toRecord: event => ({ ...event, timeline: withIds(event.timeline), effects: withIds(event.effects) }),
  }),
};

/** Open dead letters only unless the list's "Show replayed" switch is on; getManyReference by integrationId. */
export const deadLetters: ResourceModule = cursorList({
  document: connectionDocument('deadLetters', DEAD_LETTER, { open: 'Boolean', integrationId: 'ID' }),
  field: 'deadLetters',
  variables: f => ({ open: !f.includeReplayed, integrationId: text(f.integrationId) }),
  references: ['integrationId'],
});

/** Open reviews only unless the list's "Show resolved" switch is on. */
export const manualReviews: ResourceModule = cursorList({
  document: connectionDocument('manualReviews', REVIEW, { open: 'Boolean' }),
  field: 'manualReviews',
  variables: f => ({ open: !f.includeResolved }),
});

export type ReplayScope = { ids: Identifier[] } | { integrationId: string } | { all: true };
export type ReviewDecision =
  | { action: 'match_invoice'; invno: string } | { action: 'post_on_account'; custno: string }
  | { action: 'reverse_receipt'; receiptReference: string } | { action: 'dismiss' };

/** Pipeline operations that are not CRUD; call them through `useDataProvider<SettleDataProvider>()`. */
export const pipelineActions = {
  /** Resolves to how many dead letters went back to the pipeline (already replayed ones are not counted). */
  async replayDeadLetters(input: ReplayScope): Promise<number> {
    const r = await gql<{ replayDeadLetters: { replayed: number } }>(
      `mutation ReplayDeadLetters($input: ReplayDeadLettersInput!) { replayDeadLetters(input: $input) { replayed } }`,
      { input },
    );
    return r.replayDeadLetters.replayed;
  },
  async resolveManualReview(id: Identifier, input: ReviewDecision): Promise<RaRecord> {
    const r = await gql<{ resolveManualReview: RaRecord }>(
      `mutation ResolveManualReview($id: ID!, $input: ResolveManualReviewInput!) {
        resolveManualReview(id: $id, input: $input) { ${REVIEW} } }`,
      { id, input },
    );
    return r.resolveManualReview;
  },
};
