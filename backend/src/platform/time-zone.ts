import { z } from 'zod';

/** Whether `zone` is an IANA time zone this runtime knows (America/Los_Angeles, Europe/Berlin, ...). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneRule = z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Los_Angeles');
