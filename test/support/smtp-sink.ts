/**
 * A tiny SMTP server for tests: accepts every message (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
 * QUIT; no TLS, no AUTH) and keeps it in memory, so a test can read what the app emailed:
 *
 *   const smtp = await startSmtpSink();
 *   const t = await startTestApp({ SMTP_URL: smtp.url });
 *   const mail = await smtp.waitFor((m) => m.to.includes('mia@example.com'));
 */
import { createServer, type Socket } from 'node:net';

export interface SmtpMessage {
  from: string;
  to: string[];
  subject: string;
  /** The body, with quoted-printable or base64 transfer encoding undone. */
  text: string;
  /** Headers and body as received. */
  raw: string;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  messages: SmtpMessage[];
  /** The first message (already received or still to come) that matches, or a rejection after `timeoutMs`. */
  waitFor(match: (message: SmtpMessage) => boolean, timeoutMs?: number): Promise<SmtpMessage>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SmtpMessage[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let envelope = { from: '', to: [] as string[] };
    let data: string[] | undefined;
    let buffered = '';

    const onLine = (line: string) => {
      if (data) {
        if (line !== '.') {
          data.push(line.startsWith('..') ? line.slice(1) : line);
          return;
        }
        messages.push(parseMessage(envelope.from, envelope.to, data.join('\r\n')));
        data = undefined;
        envelope = { from: '', to: [] };
        reply('250 OK: queued');
        for (const wake of waiters) wake();
        return;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') {
        reply('250-smtp-sink');
        reply('250 8BITMIME');
      } else if (verb === 'HELO' || verb === 'NOOP') reply('250 OK');
      else if (verb === 'RSET') {
        envelope = { from: '', to: [] };
        reply('250 OK');
      } else if (verb === 'MAIL') {
        envelope.from = addressIn(line);
        reply('250 OK');
      } else if (verb === 'RCPT') {
        envelope.to.push(addressIn(line));
        reply('250 OK');
      } else if (verb === 'DATA') {
        data = [];
        reply('354 End data with <CR><LF>.<CR><LF>');
      } else if (verb === 'QUIT') {
        reply('221 Bye');
        socket.end();
      } else reply('502 Command not implemented');
    };

    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        onLine(line);
      }
    });
    reply('220 smtp-sink ESMTP');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`No matching email within ${timeoutMs} ms (received ${messages.length})`));
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function addressIn(command: string): string {
  return (/<([^>]*)>/.exec(command)?.[1] ?? command.split(':').slice(1).join(':').trim()).toLowerCase();
}

function parseMessage(from: string, to: string[], raw: string): SmtpMessage {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split + 4) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? Buffer.from(
          body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8')
      : encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : body;
  return { from, to, subject: headers.get('subject') ?? '', text: text.replace(/\r\n/g, '\n'), raw };
}
