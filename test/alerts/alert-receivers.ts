/** What the alert suites listen with: a local webhook receiver, and an email subject as a person reads it. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { SmtpMessage } from '../support/smtp-sink.js';

export interface Post {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  port: number;
  posts: Post[];
  close(): Promise<void>;
}

/** A local webhook receiver: `/fail` answers 500, anything else 200; every POST is kept. */
export async function startReceiver(host = '127.0.0.1'): Promise<Receiver> {
  const posts: Post[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      posts.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = req.url === '/fail' ? 500 : 200;
      res.end(req.url === '/fail' ? 'broken' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, port, posts, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The Subject as a person reads it: a subject with `×` travels as RFC 2047 encoded words. */
export function subjectOf(message: SmtpMessage): string {
  const bytes = message.subject
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('latin1')
        : text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_hex, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    );
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
