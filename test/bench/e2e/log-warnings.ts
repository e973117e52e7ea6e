/**
 * What Settle warned about during a run, from its log file (pino JSON lines, level warn and above):
 * each distinct message (ids and numbers blanked) with how often it came. A failed drain job, a
 * transaction timeout or a lock timeout explains retries that the timing alone cannot.
 */
import { readFileSync } from 'node:fs';

export interface LogWarning {
  level: string;
  message: string;
  count: number;
}

export function warningsSince(logFile: string, sinceEpochMs: number, untilEpochMs = Infinity): LogWarning[] {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return [];
  }
  const counts = new Map<string, LogWarning>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: { level?: number; time?: number; msg?: string; err?: { message?: string } };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if ((entry.level ?? 0) < 40 || (entry.time ?? 0) < sinceEpochMs || (entry.time ?? 0) > untilEpochMs) continue;
    const message = normalise(`${entry.msg ?? ''} ${entry.err?.message ?? ''}`);
    const level = entry.level! >= 50 ? 'error' : 'warn';
    const key = `${level} ${message}`;
    const found = counts.get(key) ?? { level, message, count: 0 };
    found.count += 1;
    counts.set(key, found);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}

/** One line, ids and numbers blanked, the gist kept (Prisma's long messages end with the reason). */
function normalise(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  const reason = /(Transaction API error: [^.]*\.|timeout[^.]*\.|deadlock[^.]*|lock timeout[^.]*|could not [^.]*)/i.exec(flat)?.[1];
  const head = flat.slice(0, 150);
  return `${head}${reason && !head.includes(reason) ? ` … ${reason}` : ''}`
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\d+/g, 'N')
    .slice(0, 220);
}
