// A standby worker (standby-worker.mjs) with a poison pill, for test/reliability/poison-events: the
// process dies at once, as the OOM killer would end it, whenever a drain of it starts working on the
// payment whose transaction id is TEST_POISON_TRANSACTION_ID. Test-only: production code has no hook.
//   node poison-worker.mjs <build>/main.js --role=worker
import { pathToFileURL } from 'node:url';

const mainJs = process.argv[2];
const poison = process.env.TEST_POISON_TRANSACTION_ID;
const { BatchProcessor } = await import(new URL('pipeline/processing/batch-processor.js', pathToFileURL(mainJs)).href);
const process_ = BatchProcessor.prototype.process;
BatchProcessor.prototype.process = function (context, events) {
  if (poison && events.some((claimed) => claimed.event?.transactionId === poison)) {
    process.stdout.write(`poison: ${events.length} event(s) in hand, dying\n`);
    process.kill(process.pid, 'SIGKILL');
    return new Promise(() => undefined);
  }
  return process_.call(this, context, events);
};
await import('./standby-worker.mjs');
