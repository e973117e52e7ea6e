import { scrubCardNumbers } from '../../platform/card-data/card-numbers.js';
import type { AlertKind, AlertSample } from './alert-signal.js';

/** An alert as it is told to people: by email and as a Slack-compatible webhook message. */
export interface AlertNotice {
  id: string;
  kind: AlertKind;
  groupKey: string;
  summary: string;
  occurrences: number;
  firstAt: Date;
  lastAt: Date;
  samples: AlertSample[];
}

export function kindLabel(kind: AlertKind): string {
  return kind.replace(/_/g, ' ');
}

/** Where the portal lists alerts (react-admin's hash routes). */
export function alertsLink(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/alerts`;
}

/** `500 × dead letter: Sage Pro unreachable` — the count first, because grouping is the point. */
export function alertHeadline(notice: AlertNotice): string {
  return oneLine(`${notice.occurrences} × ${kindLabel(notice.kind)}: ${notice.summary}`);
}

export function alertSubject(notice: AlertNotice): string {
  const subject = `[Settle] ${alertHeadline(notice)}`;
  return subject.length > 200 ? `${subject.slice(0, 199)}…` : subject;
}

export function alertEmailText(notice: AlertNotice, link: string): string {
  const examples = notice.samples.map((sample) => `- ${sampleLine(sample)}`);
  return [
    alertHeadline(notice),
    '',
    `Occurrences: ${notice.occurrences}`,
    `First: ${timeOf(notice.firstAt)}`,
    `Last: ${timeOf(notice.lastAt)}`,
    `Group: ${oneLine(notice.groupKey)}`,
    ...(examples.length ? ['', `Examples (first ${examples.length}):`, ...examples] : []),
    '',
    `See it in Settle: ${link}`,
    '',
  ].join('\n');
}

/** Slack's incoming-webhook format: `text` for notifications and old clients, blocks for the message. */
export function alertSlackMessage(notice: AlertNotice, link: string): { text: string; blocks: object[] } {
  const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
  const examples = notice.samples.slice(0, 3).map((sample) => `• ${escapeSlack(sampleLine(sample))}`);
  return {
    text: `[Settle] ${alertHeadline(notice)}`,
    blocks: [
      { type: 'section', text: mrkdwn(`*${escapeSlack(`${notice.occurrences} × ${kindLabel(notice.kind)}`)}*\n${escapeSlack(notice.summary)}`) },
      {
        type: 'section',
        fields: [
          mrkdwn(`*Occurrences*\n${notice.occurrences}`),
          mrkdwn(`*Group*\n${escapeSlack(notice.groupKey)}`),
          mrkdwn(`*First*\n${timeOf(notice.firstAt)}`),
          mrkdwn(`*Last*\n${timeOf(notice.lastAt)}`),
        ],
      },
      ...(examples.length ? [{ type: 'section', text: mrkdwn(`*Examples*\n${examples.join('\n')}`) }] : []),
      { type: 'section', text: mrkdwn(`<${link}|Open alerts in Settle>`) },
    ],
  };
}

function sampleLine(sample: AlertSample): string {
  return oneLine([sample.eventId ? `event ${sample.eventId}` : '', sample.detail ?? ''].filter(Boolean).join(': '));
}

function timeOf(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Header-safe: a summary never breaks the subject line. No card number is ever sent (alerts stored before the redaction included). */
function oneLine(text: string): string {
  return scrubCardNumbers(text.replace(/[\r\n]+/g, ' '));
}

/** Slack's mrkdwn control characters (https://api.slack.com/reference/surfaces/formatting#escaping); no card number is ever sent. */
function escapeSlack(text: string): string {
  return scrubCardNumbers(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
