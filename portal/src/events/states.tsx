import { Chip } from '@mui/material';

export type EventState = 'queued' | 'processing' | 'waiting' | 'paused' | 'done' | 'ignored' | 'manual_review' | 'dead';

const STATES: Record<EventState, { label: string; color: 'default' | 'info' | 'warning' | 'success' | 'error' }> = {
  queued: { label: 'Queued', color: 'default' },
  processing: { label: 'Processing', color: 'info' },
  waiting: { label: 'Waiting', color: 'info' },
  paused: { label: 'Paused', color: 'warning' },
  done: { label: 'Done', color: 'success' },
  ignored: { label: 'Ignored', color: 'default' },
  manual_review: { label: 'Manual review', color: 'warning' },
  dead: { label: 'Dead letter', color: 'error' },
};

export const STATE_CHOICES = Object.entries(STATES).map(([id, s]) => ({ id, name: s.label }));

/** queued → processing → done | ignored | manual_review | dead; waiting: a reversal waits for its sale; paused: held while its integration is paused. */
export const EventStateChip = ({ state }: { state: string }) => {
  const s = STATES[state as EventState] ?? { label: state, color: 'default' as const };
  return <Chip size="small" label={s.label} color={s.color} variant={state === 'ignored' ? 'outlined' : 'filled'}
    data-testid="event-state" data-state={state} />;
};

export const TYPE_CHOICES = [
  'payment.approved', 'payment.declined', 'payment.refunded', 'payment.voided', 'payment.charged_back', 'payment.settled', 'order.created',
].map(id => ({ id, name: id }));

export const SOURCE_CHOICES = [
  { id: 'paytrace', name: 'PayTrace' },
  { id: 'partner', name: 'Partner webhook' },
  { id: 'shopify', name: 'Shopify' },
  { id: 'settle', name: 'Settle' },
];

export const sourceLabel = (source: string) => SOURCE_CHOICES.find(s => s.id === source)?.name ?? source;
