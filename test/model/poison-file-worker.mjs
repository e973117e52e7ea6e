// A standby worker (../reliability/standby-worker.mjs) with a poison pill that changes per history, for
// test/model/pipeline-model-crashes: the process dies at once (SIGKILL, as the OOM killer would end it)
// whenever a drain of it starts working on a payment whose transaction id is listed, one a line, in the
// file TEST_POISON_FILE (read at every batch: the runner writes each history's poison there).
// Test-only: production code has no hook.
//   node poison-file-worker.mjs <build>/serve.js --role=worker
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const mainJs = process.argv[2];
const file = process.env.TEST_POISON_FILE;
const poisoned = () => {
  try {
    return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
  } catch {
    return new Set();
  }
};
const { BatchProcessor } = await import(new URL('pipeline/processing/batch-processor.js', pathToFileURL(mainJs)).href);
const process_ = BatchProcessor.prototype.process;
BatchProcessor.prototype.process = function (context, events) {
  const poison = file ? poisoned() : new Set();
  if (events.some((claimed) => poison.has(claimed.event?.transactionId))) {
    process.stdout.write(`poison: ${events.length} event(s) in hand, dying\n`);
    process.kill(process.pid, 'SIGKILL');
    return new Promise(() => undefined);
  }
  return process_.call(this, context, events);
};
await import('../reliability/standby-worker.mjs');
