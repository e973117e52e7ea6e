import { describe, expect, it } from 'vitest';
import { type DateZones, sageDateOf } from './sage-dates.js';

const inZone = (zone: string): DateZones => ({ payTrace: zone, sage: zone });

/**
 * The 2026 changes of each zone, with instants chosen near local midnight so that only the right
 * offset gives the right date: `before` is read with the offset in force before the change, `after`
 * with the one after it (the comment gives the other offset's wrong answer).
 */
const CHANGES = [
  // New York: 2:00 EST → 3:00 EDT at 07:00Z; 2:00 EDT → 1:00 EST at 06:00Z.
  { zone: 'America/New_York', at: '2026-03-08T07:00:00.000Z', day: '2026-03-08', before: ['2026-03-08T04:30:00Z', '2026-03-07'], after: ['2026-03-09T04:30:00Z', '2026-03-09'] },
  { zone: 'America/New_York', at: '2026-11-01T06:00:00.000Z', day: '2026-11-01', before: ['2026-11-01T04:30:00Z', '2026-11-01'], after: ['2026-11-02T04:30:00Z', '2026-11-01'] },
  // Los Angeles: 10:00Z and 09:00Z.
  { zone: 'America/Los_Angeles', at: '2026-03-08T10:00:00.000Z', day: '2026-03-08', before: ['2026-03-08T07:30:00Z', '2026-03-07'], after: ['2026-03-09T07:30:00Z', '2026-03-09'] },
  { zone: 'America/Los_Angeles', at: '2026-11-01T09:00:00.000Z', day: '2026-11-01', before: ['2026-11-01T07:30:00Z', '2026-11-01'], after: ['2026-11-02T07:30:00Z', '2026-11-01'] },
  // London: 1:00 GMT → 2:00 BST at 01:00Z; 2:00 BST → 1:00 GMT at 01:00Z.
  { zone: 'Europe/London', at: '2026-03-29T01:00:00.000Z', day: '2026-03-29', before: ['2026-03-28T23:30:00Z', '2026-03-28'], after: ['2026-03-29T23:30:00Z', '2026-03-30'] },
  { zone: 'Europe/London', at: '2026-10-25T01:00:00.000Z', day: '2026-10-25', before: ['2026-10-24T23:30:00Z', '2026-10-25'], after: ['2026-10-25T23:30:00Z', '2026-10-25'] },
  // Lord Howe, a 30-minute change: 2:00 +11 → 1:30 +10:30 at 15:00Z; 2:00 +10:30 → 2:30 +11 at 15:30Z.
  { zone: 'Australia/Lord_Howe', at: '2026-04-04T15:00:00.000Z', day: '2026-04-05', before: ['2026-04-03T13:15:00Z', '2026-04-04'], after: ['2026-04-05T13:15:00Z', '2026-04-05'] },
  { zone: 'Australia/Lord_Howe', at: '2026-10-03T15:30:00.000Z', day: '2026-10-04', before: ['2026-10-02T13:15:00Z', '2026-10-02'], after: ['2026-10-04T13:15:00Z', '2026-10-05'] },
  // Chatham, +12:45 / +13:45: 3:45 → 2:45 at 14:00Z; 2:45 → 3:45 at 14:00Z.
  { zone: 'Pacific/Chatham', at: '2026-04-04T14:00:00.000Z', day: '2026-04-05', before: ['2026-04-03T10:30:00Z', '2026-04-04'], after: ['2026-04-05T10:30:00Z', '2026-04-05'] },
  { zone: 'Pacific/Chatham', at: '2026-09-26T14:00:00.000Z', day: '2026-09-27', before: ['2026-09-25T10:30:00Z', '2026-09-25'], after: ['2026-09-27T10:30:00Z', '2026-09-28'] },
] as const;

describe('instants → the Sage Pro date in the tenant zone, around every 2026 DST change', () => {
  it.each(CHANGES)('$zone at $at', ({ zone, at, day, before, after }) => {
    const justBefore = new Date(new Date(at).getTime() - 1);
    expect(sageDateOf(justBefore, inZone(zone))).toEqual({ kind: 'date', date: day, reading: 'instant', instant: justBefore.toISOString() });
    expect(sageDateOf(at, inZone(zone))).toMatchObject({ date: day, reading: 'instant', instant: at });
    expect(sageDateOf(before[0], inZone(zone))).toMatchObject({ date: before[1] });
    expect(sageDateOf(after[0], inZone(zone))).toMatchObject({ date: after[1] });
  });

  it('takes an offset as written', () => {
    expect(sageDateOf('2026-03-08T23:30:00-05:00', inZone('America/New_York'))).toMatchObject({ date: '2026-03-09', instant: '2026-03-09T04:30:00.000Z' });
    expect(sageDateOf('2026-03-08T23:30:00.123+00:00', inZone('Pacific/Chatham'))).toMatchObject({ date: '2026-03-09' });
  });
});

/** PayTrace local times a DST change skips or repeats, read in their own zone: [text, reading, instant taken]. */
const LOCAL_TIMES: [string, string, 'local_time' | 'local_time_skipped' | 'local_time_repeated', string][] = [
  ['America/New_York', '3/8/2026 1:59:59 AM', 'local_time', '2026-03-08T06:59:59.000Z'],
  ['America/New_York', '3/8/2026 2:30:00 AM', 'local_time_skipped', '2026-03-08T07:30:00.000Z'], // = 3:30 EDT
  ['America/New_York', '3/8/2026 3:00:00 AM', 'local_time', '2026-03-08T07:00:00.000Z'],
  ['America/New_York', '11/1/2026 1:30:00 AM', 'local_time_repeated', '2026-11-01T05:30:00.000Z'], // EDT, not 06:30Z EST
  ['America/New_York', '11/1/2026 2:00:00 AM', 'local_time', '2026-11-01T07:00:00.000Z'],
  ['America/Los_Angeles', '3/8/2026 2:30:00 AM', 'local_time_skipped', '2026-03-08T10:30:00.000Z'],
  ['America/Los_Angeles', '11/1/2026 1:30:00 AM', 'local_time_repeated', '2026-11-01T08:30:00.000Z'],
  ['America/Los_Angeles', '11/1/2026 12:30:00 AM', 'local_time', '2026-11-01T07:30:00.000Z'],
  ['Europe/London', '3/29/2026 1:30:00 AM', 'local_time_skipped', '2026-03-29T01:30:00.000Z'], // = 2:30 BST
  ['Europe/London', '10/25/2026 1:30:00 AM', 'local_time_repeated', '2026-10-25T00:30:00.000Z'],
  ['Australia/Lord_Howe', '10/4/2026 2:15:00 AM', 'local_time_skipped', '2026-10-03T15:45:00.000Z'], // = 2:45 +11
  ['Australia/Lord_Howe', '4/5/2026 1:45:00 AM', 'local_time_repeated', '2026-04-04T14:45:00.000Z'], // +11, not 15:15Z
  ['Australia/Lord_Howe', '4/5/2026 2:00:00 AM', 'local_time', '2026-04-04T15:30:00.000Z'],
  ['Pacific/Chatham', '9/27/2026 3:00:00 AM', 'local_time_skipped', '2026-09-26T14:15:00.000Z'], // = 4:00 +13:45
  ['Pacific/Chatham', '4/5/2026 3:00:00 AM', 'local_time_repeated', '2026-04-04T13:15:00.000Z'], // +13:45, not 14:15Z
  ['Pacific/Chatham', '4/5/2026 3:45:00 AM', 'local_time', '2026-04-04T15:00:00.000Z'],
];

describe('PayTrace local times (M/D/YYYY h:mm:ss AM/PM)', () => {
  it.each(LOCAL_TIMES)('%s %s is %s at %s, dated as written', (zone, text, reading, instant) => {
    const [month, day, year] = text.split(' ')[0].split('/');
    const written = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    expect(sageDateOf(text, inZone(zone))).toEqual({ kind: 'date', date: written, reading, instant });
  });

  it('in another Sage zone, a skipped time moves forward and a repeated one is the earlier instant', () => {
    // 2:30 AM PST never happened: read as 10:30Z (3:30 PDT), which is already 03-09 at UTC+14.
    expect(sageDateOf('3/8/2026 2:30:00 AM', { payTrace: 'America/Los_Angeles', sage: 'Pacific/Kiritimati' })).toMatchObject({ date: '2026-03-09', reading: 'local_time_skipped' });
    // 1:30 AM happened at 08:30Z (PDT) and 09:30Z (PST); the earlier is still 10-31 at UTC−9.
    expect(sageDateOf('11/1/2026 1:30:00 AM', { payTrace: 'America/Los_Angeles', sage: 'Pacific/Gambier' })).toMatchObject({ date: '2026-10-31', reading: 'local_time_repeated' });
    // Lord Howe's repeated half hour: 14:45Z (+11) rather than 15:15Z (+10:30), i.e. 23:45 in Tokyo.
    expect(sageDateOf('4/5/2026 1:45:00 AM', { payTrace: 'Australia/Lord_Howe', sage: 'Asia/Tokyo' })).toMatchObject({ date: '2026-04-04' });
    // Chatham's repeated hour: 13:15Z (+13:45) rather than 14:15Z (+12:45), i.e. 23:15 in Brisbane.
    expect(sageDateOf('4/5/2026 3:00:00 AM', { payTrace: 'Pacific/Chatham', sage: 'Australia/Brisbane' })).toMatchObject({ date: '2026-04-04' });
    // An ordinary evening in Los Angeles is the next day in New York.
    expect(sageDateOf('4/10/2015 10:06:30 PM', { payTrace: 'America/Los_Angeles', sage: 'America/New_York' })).toMatchObject({ date: '2015-04-11', reading: 'local_time' });
  });

  it('reads 12 AM as midnight and 12 PM as noon, and an ISO local time like a PayTrace one', () => {
    expect(sageDateOf('3/8/2026 12:30:00 AM', inZone('America/New_York'))).toMatchObject({ instant: '2026-03-08T05:30:00.000Z' });
    expect(sageDateOf('3/8/2026 12:30:00 PM', inZone('America/New_York'))).toMatchObject({ instant: '2026-03-08T16:30:00.000Z' });
    expect(sageDateOf('2026-03-08T02:30:00', inZone('America/New_York'))).toEqual(sageDateOf('3/8/2026 2:30:00 AM', inZone('America/New_York')));
  });

  it('keeps a calendar date as the merchant’s day', () => {
    expect(sageDateOf('2026-03-08', { payTrace: 'America/Los_Angeles', sage: 'Pacific/Kiritimati' })).toEqual({ kind: 'date', date: '2026-03-08', reading: 'calendar_date' });
    expect(sageDateOf('3/8/2026', inZone('America/New_York'))).toEqual({ kind: 'date', date: '2026-03-08', reading: 'calendar_date' });
  });

  it('refuses what is not a timestamp rather than guessing', () => {
    for (const text of ['3/8/2026 4:06:30', '2/30/2026 1:00:00 AM', '3/8/2026 13:00:00 PM', '3/8/2026 0:30:00 AM', '2026-03-08T25:00:00Z', '2026-02-30T10:00:00Z', '2026-03-08T10:00:00+24:00', 'yesterday', '']) {
      expect(sageDateOf(text, inZone('America/New_York'))).toEqual({ kind: 'invalid_timestamp', value: text });
    }
    expect(sageDateOf(new Date(Number.NaN), inZone('America/New_York'))).toMatchObject({ kind: 'invalid_timestamp' });
  });
});
