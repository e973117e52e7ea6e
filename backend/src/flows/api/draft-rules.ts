/**
 * What a draft may hold. A draft is work in progress: the designer saves it with missing settings,
 * unknown steps or a broken expression, and is shown the problems (checkFlowDefinition) rather than
 * refused. It must still be a flow of the right kind made of steps, each with an id and a type, so it
 * can be drawn, diffed and checked; and it is bounded in size.
 */
import { z } from 'zod';
import { type FlowKind } from '../definition/flow-definition.js';

/** The largest draft stored, as JSON text: a flow of 40 steps with long expressions fits many times. */
export const MAX_DRAFT_BYTES = 256 * 1024;

const draftStep = z.looseObject({
  id: z.string().max(40, 'must be at most 40 characters'),
  type: z.string().max(40, 'must be at most 40 characters'),
});

const draftShape = z.looseObject({
  kind: z.string(),
  steps: z.array(draftStep).max(40, 'a flow has at most 40 steps'),
});

export type DraftShape = z.infer<typeof draftShape>;

export type DraftReading = { ok: true; draft: DraftShape } | { ok: false; field: string; message: string };

/** The draft of a flow of `kind`, or where and why it is not one. Paths are under `definition`. */
export function readDraft(input: unknown, kind: FlowKind): DraftReading {
  const text = JSON.stringify(input ?? null);
  if (Buffer.byteLength(text, 'utf8') > MAX_DRAFT_BYTES) return { ok: false, field: 'definition', message: `must be at most ${MAX_DRAFT_BYTES / 1024} KB as JSON` };
  const parsed = draftShape.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['definition', ...issue.path.map(String)].join('.');
    return { ok: false, field: path, message: issue.code === 'invalid_type' && issue.path.length === 0 ? 'must be an object with kind and steps' : issue.message };
  }
  if (parsed.data.kind !== kind) return { ok: false, field: 'definition.kind', message: `must be ${kind}: the flow's kind does not change` };
  return { ok: true, draft: parsed.data };
}
