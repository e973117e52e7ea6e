/**
 * A small TCP proxy (node:net only) that the Sage Pro sandbox's connector traffic goes through, so that
 * network faults hit the connector's real driver: latency on every chunk both ways, refused
 * connections, connections cut now or after a while, and an outage window. Faults change live; the
 * proxy knows nothing of PostgreSQL's protocol and forwards bytes unchanged.
 */
import net from 'node:net';

/** Where the proxy forwards to: a TCP host and port, or a Unix socket path. */
export type ProxyTarget = { host: string; port: number } | { path: string };

export interface ProxyFaultSettings {
  /** Each chunk waits this long before it is passed on, in both directions (order kept). */
  latencyMs: number;
  /** New connections are accepted, then reset at once (ECONNRESET for the client). */
  refuse: boolean;
  /** Connections opened while set are cut this long after they open; 0 = never. */
  cutAfterMs: number;
}

export interface ProxyOutage {
  startsAt: Date;
  endsAt: Date;
}

export interface ProxyState extends ProxyFaultSettings {
  outage: (ProxyOutage & { active: boolean }) | null;
  stats: ProxyStats;
}

export interface ProxyStats {
  /** Connections open right now. */
  open: number;
  accepted: number;
  /** Reset at once because of `refuse` or an active outage. */
  refused: number;
  /** Cut by cutNow(), cutAfterMs or the start of an outage. */
  cut: number;
}

export const NO_PROXY_FAULTS: ProxyFaultSettings = { latencyMs: 0, refuse: false, cutAfterMs: 0 };

/** Queued bytes per direction above which the sending socket is paused (latency holds data back). */
const HIGH_WATER = 1 << 20;

export class TcpProxy {
  private settings: ProxyFaultSettings = { ...NO_PROXY_FAULTS };
  private outage: ProxyOutage | null = null;
  private outageActive = false;
  private outageTimers: NodeJS.Timeout[] = [];
  private readonly links = new Set<Link>();
  private readonly counters = { accepted: 0, refused: 0, cut: 0 };
  private closing?: Promise<void>;

  private constructor(
    private readonly server: net.Server,
    private readonly target: ProxyTarget,
    readonly host: string,
    readonly port: number,
  ) {}

  /** Listens on `host` (127.0.0.1 by default) at a free port, forwarding to `target`. */
  static async start(target: ProxyTarget, host = '127.0.0.1'): Promise<TcpProxy> {
    // Half-open allowed: an end is passed on only once the bytes delayed before it are out.
    const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const proxy = new TcpProxy(server, target, host, (server.address() as net.AddressInfo).port);
    server.on('connection', (socket) => proxy.accept(socket));
    server.on('error', () => undefined);
    return proxy;
  }

  /** The faults in force, the outage window and the counters. */
  state(): ProxyState {
    const outage = this.outage ? { ...this.outage, active: this.outageActive } : null;
    return { ...this.settings, outage, stats: { open: this.links.size, ...this.counters } };
  }

  /** Changes some faults; the others stay. Latency applies at once, also to open connections. */
  setFaults(changes: Partial<ProxyFaultSettings>): void {
    this.settings = { ...this.settings, ...changes };
  }

  /**
   * From `startsInMs` on, for `lastsMs`: open connections are cut when it starts and new ones are
   * refused until it ends. Replaces an outage already planned; `null` cancels it.
   */
  scheduleOutage(window: { startsInMs: number; lastsMs: number } | null): void {
    this.cancelOutage();
    if (!window) return;
    const startsAt = Date.now() + window.startsInMs;
    this.outage = { startsAt: new Date(startsAt), endsAt: new Date(startsAt + window.lastsMs) };
    const begin = () => {
      this.outageActive = true;
      this.cutNow();
    };
    const end = () => this.cancelOutage();
    if (window.startsInMs <= 0) begin();
    else this.outageTimers.push(unref(setTimeout(begin, window.startsInMs)));
    this.outageTimers.push(unref(setTimeout(end, window.startsInMs + window.lastsMs)));
  }

  /** Destroys every open connection, both sides; returns how many. */
  cutNow(): number {
    const links = [...this.links];
    for (const link of links) link.destroy();
    this.counters.cut += links.length;
    return links.length;
  }

  /** No latency, no refusal, no cut timer, no outage (open connections stay). */
  clearFaults(): void {
    this.settings = { ...NO_PROXY_FAULTS };
    this.cancelOutage();
  }

  /** Stops listening, destroys every connection and clears every timer. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.cancelOutage();
      this.server.close(() => resolve());
      for (const link of [...this.links]) link.destroy();
    });
    return this.closing;
  }

  private cancelOutage(): void {
    for (const timer of this.outageTimers) clearTimeout(timer);
    this.outageTimers = [];
    this.outage = null;
    this.outageActive = false;
  }

  private accept(client: net.Socket): void {
    this.counters.accepted += 1;
    if (this.closing || this.settings.refuse || this.outageActive) {
      this.counters.refused += 1;
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect({ ...this.target, allowHalfOpen: true } as net.NetConnectOpts);
    const link = new Link(client, upstream, () => this.settings.latencyMs, () => this.links.delete(link));
    this.links.add(link);
    if (this.settings.cutAfterMs > 0) {
      link.cutTimer = unref(
        setTimeout(() => {
          if (!this.links.has(link)) return;
          this.counters.cut += 1;
          link.destroy();
        }, this.settings.cutAfterMs),
      );
    }
    client.resume();
  }
}

/** One proxied connection: the client's socket, the upstream socket, and a delayed pipe each way. */
class Link {
  cutTimer?: NodeJS.Timeout;
  private readonly pipes: DelayedPipe[];
  private done = false;

  constructor(
    private readonly client: net.Socket,
    private readonly upstream: net.Socket,
    latency: () => number,
    private readonly onClosed: () => void,
  ) {
    this.pipes = [new DelayedPipe(client, upstream, latency), new DelayedPipe(upstream, client, latency)];
    for (const socket of [client, upstream]) {
      // A reset or refused upstream, or a client gone mid-write: both sides go.
      socket.on('error', () => this.destroy());
      socket.on('close', () => this.closedOne());
    }
  }

  destroy(): void {
    for (const pipe of this.pipes) pipe.stop();
    this.client.destroy();
    this.upstream.destroy();
    this.finish();
  }

  private closedOne(): void {
    if (this.client.destroyed && this.upstream.destroyed) this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.cutTimer);
    this.onClosed();
  }
}

/**
 * Bytes from one socket to another, each chunk held for the latency in force when it arrived (never
 * overtaking an earlier chunk). When the source ends, the destination is ended once the queue is out.
 */
class DelayedPipe {
  private queue: { due: number; chunk: Buffer }[] = [];
  private queuedBytes = 0;
  private lastDue = 0;
  private timer?: NodeJS.Timeout;
  private sourceEnded = false;
  private stopped = false;

  constructor(
    private readonly from: net.Socket,
    private readonly to: net.Socket,
    private readonly latency: () => number,
  ) {
    from.on('data', (chunk: Buffer) => this.push(chunk));
    from.on('end', () => {
      this.sourceEnded = true;
      this.pump();
    });
    to.on('drain', () => this.resumeSource());
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.queuedBytes = 0;
  }

  private push(chunk: Buffer): void {
    if (this.stopped) return;
    const delay = this.latency();
    if (delay <= 0 && !this.queue.length) return this.write(chunk);
    this.lastDue = Math.max(Date.now() + Math.max(0, delay), this.lastDue);
    this.queue.push({ due: this.lastDue, chunk });
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > HIGH_WATER) this.from.pause();
    this.schedule();
  }

  private pump(): void {
    if (this.stopped) return;
    const now = Date.now();
    while (this.queue.length && this.queue[0].due <= now) {
      const { chunk } = this.queue.shift()!;
      this.queuedBytes -= chunk.length;
      this.write(chunk);
    }
    if (this.queue.length) return this.schedule();
    this.resumeSource();
    if (this.sourceEnded && !this.to.destroyed) this.to.end();
  }

  private schedule(): void {
    if (this.timer || !this.queue.length) return;
    this.timer = unref(
      setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, Math.max(0, this.queue[0].due - Date.now())),
    );
  }

  private write(chunk: Buffer): void {
    if (this.to.destroyed || this.to.writableEnded) return;
    if (!this.to.write(chunk)) this.from.pause();
  }

  private resumeSource(): void {
    if (this.stopped || this.from.destroyed) return;
    if (this.queuedBytes <= HIGH_WATER && !this.to.writableNeedDrain) this.from.resume();
  }
}

function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref();
  return timer;
}
