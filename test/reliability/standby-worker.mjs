// A Settle process on standby, as a supervisor keeps a spare: it loads the compiled app's modules
// (the slow part of a start on a busy 2-core machine), then waits for one line on stdin and only then
// runs it (serve.js, the serving process) with the remaining arguments, exactly as `node serve.js --role=worker` would.
//   node standby-worker.mjs <build>/serve.js --role=worker
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';

const [mainJs] = process.argv.splice(2, 1);
await import(new URL('app.factory.js', pathToFileURL(mainJs)).href);
process.stdout.write('standby: modules loaded\n');
await once(process.stdin, 'data');
process.stdin.destroy();
await import(pathToFileURL(mainJs).href);
