import { describe, expect, it } from 'vitest';
import { type AlertNotice, alertEmailText, alertsLink, alertSlackMessage, alertSubject } from './alert-message.js';

const notice: AlertNotice = {
  id: 'a1',
  kind: 'dead_letter',
  groupKey: 'sagepro:unreachable',
  summary: 'Sage Pro unreachable',
  occurrences: 500,
  firstAt: new Date('2026-11-26T10:00:03Z'),
  lastAt: new Date('2026-11-26T10:00:59Z'),
  samples: [{ eventId: 'e1', detail: 'connect ECONNREFUSED', at: '2026-11-26T10:00:03Z' }],
};
const link = alertsLink('https://settle.test/');

describe('alert messages', () => {
  it('put the count first in the subject', () => {
    expect(alertSubject(notice)).toBe('[Settle] 500 × dead letter: Sage Pro unreachable');
    expect(alertSubject({ ...notice, summary: 'two\r\nlines' })).toBe('[Settle] 500 × dead letter: two lines');
  });

  it('tell by email the count, the times, examples and where to look', () => {
    const text = alertEmailText(notice, link);
    expect(text).toContain('Occurrences: 500');
    expect(text).toContain('First: 2026-11-26 10:00:03 UTC');
    expect(text).toContain('Last: 2026-11-26 10:00:59 UTC');
    expect(text).toContain('- event e1: connect ECONNREFUSED');
    expect(text).toContain('See it in Settle: https://settle.test/alerts');
  });

  it('are Slack incoming-webhook messages with a text fallback and escaped section blocks', () => {
    const message = alertSlackMessage({ ...notice, summary: 'a <b> & c' }, link);
    expect(message.text).toBe('[Settle] 500 × dead letter: a <b> & c');
    expect(message.blocks.every((block) => (block as { type: string }).type === 'section')).toBe(true);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('a &lt;b&gt; &amp; c');
    expect(json).toContain('*Occurrences*\\n500');
    expect(json).toContain('<https://settle.test/alerts|Open alerts in Settle>');
  });

  it('never carry a card number, whatever an alert stored before the redaction holds', () => {
    const card = { ...notice, groupKey: 'payment:4111111111111111', summary: 'Not a PayTrace transaction id: "4111 1111 1111 1111"', samples: [{ eventId: 'e1', detail: 'qty 1 4111111111111111', at: '2026-11-26T10:00:03Z' }] };
    const sent = [alertSubject(card), alertEmailText(card, link), JSON.stringify(alertSlackMessage(card, link))].join('\n');
    expect(sent).not.toMatch(/4111.?1111.?1111.?1111/);
    expect(sent).toContain('[card number redacted]');
  });
});
