// A standby worker (standby-worker.mjs) with a poison pill, for test/reliability/poison-events: the
// process dies at once, as the OOM killer would end it, whenever a drain of it starts working on the
// payment whose transaction id is TEST_POISON_TRANSACTION_ID, and takes its time over the one of
// TEST_SLOW_TRANSACTION_ID. Test-only: production code has no hook.
//   node poison-worker.mjs <build>/main.js --role=worker
import { pathToFileURL } from 'node:url';

const mainJs = process.argv[2];
const poison = process.env.TEST_POISON_TRANSACTION_ID;
// A slow bystander: a drain working on it takes SLOW_MS first, so a poison can arrive meanwhile.
const slow = process.env.TEST_SLOW_TRANSACTION_ID;
const SLOW_MS = 3_000;
const { BatchProcessor } = await import(new URL('pipeline/processing/batch-processor.js', pathToFileURL(mainJs)).href);
const process_ = BatchProcessor.prototype.process;
BatchProcessor.prototype.process = function (context, events) {
  if (poison && events.some((claimed) => claimed.event?.transactionId === poison)) {
    process.stdout.write(`poison: ${events.length} event(s) in hand, dying\n`);
    process.kill(process.pid, 'SIGKILL');
    return new Promise(() => undefined);
  }
  if (slow && events.some((claimed) => claimed.event?.transactionId === slow)) {
    process.stdout.write(`slow: ${events.length} event(s) in hand, waiting ${SLOW_MS} ms\n`);
    return new Promise((resolve) => setTimeout(resolve, SLOW_MS)).then(() => process_.call(this, context, events));
  }
  return process_.call(this, context, events);
};
await import('./standby-worker.mjs');
