/**
 * GraphQL callers over keep-alive HTTP/1.1 (node:http): one loop per connection, each sending its
 * next operation when the previous answer arrived, until the deadline. Every answer's latency
 * (request written → response fully read), HTTP status and whether its body held errors are kept.
 */
import http from 'node:http';

export interface CallerResult {
  latenciesMs: number[];
  statuses: Record<string, number>;
  /** Answers that were not a 200 without `errors`, by their first error code (or HTTP status). */
  errors: Record<string, number>;
}

export async function callRepeatedly(
  port: number,
  token: string,
  operations: string[],
  options: { connections: number; durationMs: number; stop?: () => boolean },
): Promise<CallerResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const result: CallerResult = { latenciesMs: [], statuses: {}, errors: {} };
  const bodies = operations.map((query) => Buffer.from(JSON.stringify({ query })));
  const deadline = performance.now() + options.durationMs;
  let sent = 0;
  const send = (body: Buffer) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        {
          agent, host: '127.0.0.1', port, path: '/graphql', method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}`, 'content-length': String(body.length) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const loop = async () => {
    while (performance.now() < deadline && !options.stop?.()) {
      const body = bodies[sent++ % bodies.length];
      const started = performance.now();
      let status = 0;
      let code: string | undefined;
      try {
        const answer = await send(body);
        status = answer.status;
        const errors = (JSON.parse(answer.text) as { errors?: { extensions?: { code?: string } }[] }).errors;
        if (errors?.length) code = errors[0].extensions?.code ?? 'UNKNOWN';
      } catch (error) {
        code = (error as NodeJS.ErrnoException).code ?? 'NETWORK';
      }
      result.latenciesMs.push(performance.now() - started);
      result.statuses[String(status)] = (result.statuses[String(status)] ?? 0) + 1;
      if (code || status !== 200) result.errors[code ?? `HTTP ${status}`] = (result.errors[code ?? `HTTP ${status}`] ?? 0) + 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, loop));
  } finally {
    agent.destroy();
  }
  return result;
}
