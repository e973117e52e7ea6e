import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TcpProxy } from './tcp-proxy.js';

/** A local echo server that remembers its sockets, so the test can see what the proxy left open. */
async function echoServer() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type Outcome = { kind: 'data'; text: string } | { kind: 'error'; code?: string } | { kind: 'closed' };

/** Connects through the proxy, sends `text`, and reports what came back first (or the failure). */
function exchange(port: number, text: string, timeoutMs = 2000): Promise<Outcome & { ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const finish = (outcome: Outcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...outcome, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish({ kind: 'error', code: 'TEST_TIMEOUT' }), timeoutMs);
    socket.on('connect', () => socket.write(text));
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.length >= text.length) finish({ kind: 'data', text: received });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'error', code: error.code }));
    socket.on('close', () => finish({ kind: 'closed' }));
  });
}

/** An open connection through the proxy, for tests that cut it. */
async function openConnection(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  socket.write('ping');
  await new Promise<void>((resolve) => socket.once('data', () => resolve()));
  return { socket, closed };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, ms = 1000) {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await sleep(10);
  return condition();
}

let echo: Awaited<ReturnType<typeof echoServer>>;
let proxy: TcpProxy;

beforeEach(async () => {
  echo = await echoServer();
  proxy = await TcpProxy.start({ host: '127.0.0.1', port: echo.port });
});

afterEach(async () => {
  await proxy.close();
  await echo.close();
});

describe('TcpProxy', () => {
  it('forwards bytes both ways unchanged on 127.0.0.1', async () => {
    expect(proxy.host).toBe('127.0.0.1');
    expect(proxy.port).not.toBe(echo.port);
    const big = 'x'.repeat(3 * 1024 * 1024);
    const outcome = await exchange(proxy.port, big, 5000);
    expect(outcome.kind).toBe('data');
    expect(outcome.kind === 'data' && outcome.text === big).toBe(true);
    expect(proxy.state().stats.accepted).toBe(1);
  });

  it('delays each chunk in both directions and keeps their order', async () => {
    proxy.setFaults({ latencyMs: 150 });
    const outcome = await exchange(proxy.port, 'hello');
    expect(outcome).toMatchObject({ kind: 'data', text: 'hello' });
    expect(outcome.ms).toBeGreaterThanOrEqual(290);

    const { socket } = await openConnection(proxy.port);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    for (const part of ['a', 'b', 'c', 'd']) {
      socket.write(part);
      await sleep(20);
    }
    proxy.setFaults({ latencyMs: 0 }); // later chunks must not overtake earlier ones
    socket.write('e');
    expect(await until(() => received.length === 5, 2000)).toBe(true);
    expect(received).toBe('abcde');
    socket.destroy();
  });

  it('refuses new connections while refuse is set, and serves again once it is lifted', async () => {
    proxy.setFaults({ refuse: true });
    const refused = await exchange(proxy.port, 'hello');
    expect(refused.kind).not.toBe('data');
    expect(proxy.state().stats.refused).toBe(1);
    expect(echo.sockets.size).toBe(0);
    proxy.setFaults({ refuse: false });
    expect(await exchange(proxy.port, 'hello')).toMatchObject({ kind: 'data', text: 'hello' });
  });

  it('cuts every open connection now, both sides', async () => {
    const a = await openConnection(proxy.port);
    const b = await openConnection(proxy.port);
    expect(echo.sockets.size).toBe(2);
    expect(proxy.cutNow()).toBe(2);
    await Promise.all([a.closed, b.closed]);
    expect(await until(() => echo.sockets.size === 0)).toBe(true);
    expect(proxy.state().stats).toMatchObject({ open: 0, cut: 2 });
  });

  it('cuts connections a set time after they open', async () => {
    proxy.setFaults({ cutAfterMs: 150 });
    const started = Date.now();
    const { closed } = await openConnection(proxy.port);
    await closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(proxy.state().stats.cut).toBe(1);
  });

  it('stages an outage window: cut at its start, refused during it, served after it', async () => {
    const open = await openConnection(proxy.port);
    proxy.scheduleOutage({ startsInMs: 100, lastsMs: 300 });
    expect(proxy.state().outage).toMatchObject({ active: false });
    expect(await exchange(proxy.port, 'before')).toMatchObject({ kind: 'data' });
    await open.closed;
    expect(proxy.state().outage).toMatchObject({ active: true });
    expect((await exchange(proxy.port, 'during')).kind).not.toBe('data');
    await sleep(350);
    expect(proxy.state().outage).toBeNull();
    expect(await exchange(proxy.port, 'after')).toMatchObject({ kind: 'data', text: 'after' });
  });

  it('clears faults, including a planned outage', async () => {
    proxy.setFaults({ latencyMs: 500, refuse: true, cutAfterMs: 10 });
    proxy.scheduleOutage({ startsInMs: 0, lastsMs: 60_000 });
    proxy.clearFaults();
    expect(proxy.state()).toMatchObject({ latencyMs: 0, refuse: false, cutAfterMs: 0, outage: null });
    const outcome = await exchange(proxy.port, 'ok');
    expect(outcome).toMatchObject({ kind: 'data', text: 'ok' });
    expect(outcome.ms).toBeLessThan(400);
  });

  it('passes the end of a stream on once its delayed bytes are out', async () => {
    proxy.setFaults({ latencyMs: 100 });
    const socket = net.connect(proxy.port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.end('last words');
    await closed;
    expect(received).toBe('last words');
    expect(await until(() => proxy.state().stats.open === 0 && echo.sockets.size === 0)).toBe(true);
  });

  it('closes cleanly: stops listening and leaves no socket open on either side', async () => {
    proxy.setFaults({ latencyMs: 200 });
    proxy.scheduleOutage({ startsInMs: 60_000, lastsMs: 60_000 });
    const a = await openConnection(proxy.port);
    a.socket.write('in flight');
    await proxy.close();
    await a.closed;
    expect(await until(() => echo.sockets.size === 0)).toBe(true);
    expect(proxy.state()).toMatchObject({ outage: null, stats: { open: 0 } });
    const late = await exchange(proxy.port, 'hello');
    expect(late).toMatchObject({ kind: 'error', code: 'ECONNREFUSED' });
  });

  it('drops the client when the upstream cannot be reached', async () => {
    await echo.close();
    const outcome = await exchange(proxy.port, 'hello');
    expect(outcome.kind).not.toBe('data');
    expect(await until(() => proxy.state().stats.open === 0)).toBe(true);
    echo = await echoServer(); // for afterEach
  });
});
