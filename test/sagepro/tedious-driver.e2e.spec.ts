/**
 * The SQL Server driver runs on every Node version Settle supports: `testSageProConnection` drives
 * tedious through its whole connect path (socket, PRELOGIN, LOGIN7, the server's token stream)
 * against a tiny local TDS peer. A driver that needs a newer runtime (tedious 20 calls
 * Promise.withResolvers, Node 22 only) answers "… is not a function" here instead of a clean
 * connection outcome. A closed port (the other connection tests) fails before any of that runs.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

/** TDS message types (MS-TDS 2.2.3.1.1). */
const PRELOGIN = 0x12;
const LOGIN7 = 0x10;
const TABULAR_RESULT = 0x04;

/** What the peer does once the client's PRELOGIN has arrived. */
type PeerScript = 'hang_up' | 'refuse_login';

interface TdsPeer {
  port: number;
  /** Types of the messages received, in order. */
  received: { type: number; payload: Buffer }[];
  close(): Promise<void>;
}

/** One TDS packet: an 8-byte header (type, status EOM, length, SPID, packet id, window) and the payload. */
function tdsPacket(type: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt8(type, 0);
  header.writeUInt8(0x01, 1); // end of message
  header.writeUInt16BE(8 + payload.length, 2);
  header.writeUInt8(1, 6);
  return Buffer.concat([header, payload]);
}

/** A PRELOGIN answer: server version 16.0.2000, encryption not supported (so LOGIN7 follows in clear). */
function preloginResponse(): Buffer {
  const options = Buffer.from([0x00, 0, 11, 0, 6, 0x01, 0, 17, 0, 1, 0xff]);
  const version = Buffer.from([16, 0, 0x07, 0xd0, 0, 0]);
  return tdsPacket(TABULAR_RESULT, Buffer.concat([options, version, Buffer.from([0x02])]));
}

/** SQL Server's answer to a wrong password: ERROR token 18456 (class 14), then DONE with the error bit. */
function loginFailed(user: string): Buffer {
  const text = Buffer.from(`Login failed for user '${user}'.`, 'utf16le');
  const server = Buffer.from('tds-peer', 'utf16le');
  const body = Buffer.alloc(4 + 1 + 1 + 2 + text.length + 1 + server.length + 1 + 4);
  let at = body.writeInt32LE(18456, 0);
  at = body.writeUInt8(1, at); // state
  at = body.writeUInt8(14, at); // class
  at = body.writeUInt16LE(text.length / 2, at);
  at += text.copy(body, at);
  at = body.writeUInt8(server.length / 2, at);
  at += server.copy(body, at);
  at = body.writeUInt8(0, at); // no procedure
  body.writeInt32LE(1, at); // line number
  const error = Buffer.concat([Buffer.from([0xaa]), Buffer.from([body.length & 0xff, body.length >> 8]), body]);
  const done = Buffer.alloc(13);
  done.writeUInt8(0xfd, 0);
  done.writeUInt16LE(0x0002, 1); // DONE_ERROR
  return tdsPacket(TABULAR_RESULT, Buffer.concat([error, done]));
}

/** Listens on 127.0.0.1, reassembles the client's TDS messages and answers them as `script` says. */
async function startTdsPeer(script: PeerScript): Promise<TdsPeer> {
  const received: TdsPeer['received'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    let message: Buffer[] = [];
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 8 && buffered.length >= buffered.readUInt16BE(2)) {
        const length = buffered.readUInt16BE(2);
        const [type, status] = [buffered[0], buffered[1]];
        message.push(buffered.subarray(8, length));
        buffered = buffered.subarray(length);
        if ((status & 0x01) === 0) continue;
        const payload = Buffer.concat(message);
        message = [];
        received.push({ type, payload });
        if (type === PRELOGIN && script === 'hang_up') socket.destroy();
        else if (type === PRELOGIN) socket.write(preloginResponse());
        else if (type === LOGIN7) socket.end(loginFailed('settle'));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the TDS peer has no port');
  return {
    port: address.port,
    received,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let t: TestApp;
let token: string;

async function gqlOk(query: string, variables?: Record<string, unknown>) {
  const res = await t.gql(query, variables, { token });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data;
}

/** Creates a SQL Server connection to the peer and tests it, as a tenant does in Connections. */
async function testAgainst(peer: TdsPeer, name: string) {
  const { createSageProConnection: c } = await gqlOk(
    `mutation($port: Int!, $name: String!) { createSageProConnection(input: { edition: sqlserver, name: $name, host: "127.0.0.1", port: $port, companyDatabase: "PRO01", systemDatabase: "PROSYS", user: "settle", password: "wrong-password", encrypt: false }) { id } }`,
    { port: peer.port, name },
  );
  return (await gqlOk('mutation($id: ID!) { testSageProConnection(id: $id) { status message durationMs } }', { id: c.id })).testSageProConnection;
}

beforeAll(async () => {
  t = await startTestApp();
  const signUp = await t.gql('mutation { signUp(input: { companyName: "Quarry Tools", email: "ops@quarry.test", password: "quarry-pass-1" }) { accessToken } }');
  token = signUp.body.data.signUp.accessToken;
});

afterAll(() => t?.close());

describe('the SQL Server driver on this Node version', () => {
  it('reads the PRELOGIN answer of a server that hangs up: unreachable, not a runtime error', async () => {
    const peer = await startTdsPeer('hang_up');
    try {
      const result = await testAgainst(peer, 'Hangs up');
      expect(result.message).not.toMatch(/is not a function|TypeError/);
      expect(result.status).toBe('unreachable');
      expect(peer.received.map((m) => m.type)).toEqual([PRELOGIN]);
      expect(result.durationMs).toBeLessThan(10_000);
    } finally {
      await peer.close();
    }
  });

  it('logs in through PRELOGIN and LOGIN7 and reports a refused password as bad credentials', async () => {
    const peer = await startTdsPeer('refuse_login');
    try {
      const result = await testAgainst(peer, 'Refuses login');
      expect(result.message).not.toMatch(/is not a function|TypeError/);
      expect(result.status).toBe('bad_credentials');
      expect(peer.received.map((m) => m.type)).toEqual([PRELOGIN, LOGIN7]);
      expect(peer.received[1].payload.includes(Buffer.from('settle', 'utf16le'))).toBe(true);
    } finally {
      await peer.close();
    }
  });
});
