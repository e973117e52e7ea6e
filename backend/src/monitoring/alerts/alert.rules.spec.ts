import { describe, expect, it } from 'vitest';
import { displayTarget, newChannelRules, ruleRules } from './alert.rules.js';

const pathOf = (result: { error?: { issues: { path: PropertyKey[] }[] } }) => result.error?.issues[0].path;

describe('alert channel rules', () => {
  it('takes an email address or an http(s) webhook URL, and names the target when it is neither', () => {
    expect(newChannelRules.parse({ kind: 'email', name: ' Ops ', target: 'Ops@Acme.test' })).toEqual({ kind: 'email', name: 'Ops', target: 'ops@acme.test' });
    expect(newChannelRules.parse({ kind: 'webhook', name: 'Slack', target: 'https://hooks.slack.test/services/T0/B0/x' }).target).toBe(
      'https://hooks.slack.test/services/T0/B0/x',
    );
    expect(pathOf(newChannelRules.safeParse({ kind: 'email', name: 'Ops', target: 'not an address' }))).toEqual(['target']);
    expect(pathOf(newChannelRules.safeParse({ kind: 'webhook', name: 'Slack', target: 'ftp://files.test/x' }))).toEqual(['target']);
    expect(pathOf(newChannelRules.safeParse({ kind: 'webhook', name: 'Slack', target: 'ops@acme.test' }))).toEqual(['target']);
    expect(pathOf(newChannelRules.safeParse({ kind: 'email', name: '', target: 'ops@acme.test' }))).toEqual(['name']);
  });

  it('shows a webhook URL only in part, since its path is its credential', () => {
    expect(displayTarget('webhook', 'https://hooks.slack.test/services/T0/B0/secretXYZ1')).toBe('https://hooks.slack.test/…XYZ1');
    expect(displayTarget('webhook', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(displayTarget('email', 'ops@acme.test')).toBe('ops@acme.test');
  });
});

describe('alert rule rules', () => {
  it('needs a threshold and a window for failure_rate, a wait for manual_review_waiting', () => {
    expect(ruleRules.parse({ kind: 'failure_rate', enabled: true, thresholdPercent: 20, windowMinutes: 15 })).toEqual({
      kind: 'failure_rate',
      enabled: true,
      thresholdPercent: 20,
      windowMinutes: 15,
      waitMinutes: null,
    });
    expect(pathOf(ruleRules.safeParse({ kind: 'failure_rate', enabled: true, windowMinutes: 15 }))).toEqual(['thresholdPercent']);
    expect(pathOf(ruleRules.safeParse({ kind: 'failure_rate', enabled: true, thresholdPercent: 20, windowMinutes: null }))).toEqual(['windowMinutes']);
    expect(pathOf(ruleRules.safeParse({ kind: 'manual_review_waiting', enabled: true }))).toEqual(['waitMinutes']);
    expect(ruleRules.parse({ kind: 'manual_review_waiting', enabled: false, waitMinutes: 60 })).toMatchObject({ waitMinutes: 60, enabled: false });
  });

  it('keeps numbers within what the table allows and refuses them where they mean nothing', () => {
    expect(pathOf(ruleRules.safeParse({ kind: 'failure_rate', enabled: true, thresholdPercent: 0, windowMinutes: 15 }))).toEqual(['thresholdPercent']);
    expect(pathOf(ruleRules.safeParse({ kind: 'failure_rate', enabled: true, thresholdPercent: 20, windowMinutes: 1_441 }))).toEqual(['windowMinutes']);
    expect(pathOf(ruleRules.safeParse({ kind: 'manual_review_waiting', enabled: true, waitMinutes: 10_081 }))).toEqual(['waitMinutes']);
    expect(pathOf(ruleRules.safeParse({ kind: 'dead_letter', enabled: true, waitMinutes: 5 }))).toEqual(['waitMinutes']);
    expect(ruleRules.parse({ kind: 'dead_letter', enabled: true, thresholdPercent: null })).toMatchObject({ thresholdPercent: null, windowMinutes: null, waitMinutes: null });
    expect(pathOf(ruleRules.safeParse({ kind: 'outage', enabled: true }))).toEqual(['kind']);
  });
});
