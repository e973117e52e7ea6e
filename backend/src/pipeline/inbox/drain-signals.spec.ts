import { describe, expect, it, vi } from 'vitest';
import { DrainSignals } from './drain-signals.js';

/** A signal sender whose calls finish when the test says so. */
function slowSender() {
  const sent: string[] = [];
  const pending: (() => void)[] = [];
  const send = (tenantId: string) =>
    new Promise<void>((resolve) => {
      sent.push(tenantId);
      pending.push(resolve);
    });
  const finishOne = async () => {
    pending.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { send, sent, finishOne };
}

describe('DrainSignals', () => {
  it('sends one signal for a quiet tenant', async () => {
    const sender = slowSender();
    new DrainSignals(sender.send, 0).request('t1');
    await sender.finishOne();
    expect(sender.sent).toEqual(['t1']);
  });

  it('folds the requests made while a signal is in flight into exactly one more', async () => {
    const sender = slowSender();
    const signals = new DrainSignals(sender.send, 0);
    signals.request('t1');
    signals.request('t1');
    signals.request('t1');
    expect(sender.sent).toEqual(['t1']);
    await sender.finishOne();
    expect(sender.sent).toEqual(['t1', 't1']);
    await sender.finishOne();
    expect(sender.sent).toEqual(['t1', 't1']);
    signals.request('t1');
    expect(sender.sent).toEqual(['t1', 't1', 't1']);
  });

  it('spaces the signals of a busy tenant, a trickle arriving after a signal ended included', async () => {
    const sender = slowSender();
    const signals = new DrainSignals(sender.send, 40);
    signals.request('t1');
    const first = Date.now();
    await sender.finishOne();
    signals.request('t1');
    signals.request('t1');
    expect(sender.sent).toEqual(['t1']);
    await vi.waitFor(() => expect(sender.sent).toEqual(['t1', 't1']));
    expect(Date.now() - first).toBeGreaterThanOrEqual(35);
  });

  it('never holds one tenant behind another', () => {
    const sender = slowSender();
    const signals = new DrainSignals(sender.send, 0);
    signals.request('t1');
    signals.request('t2');
    expect(sender.sent).toEqual(['t1', 't2']);
  });
});
