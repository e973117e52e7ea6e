// `npm run bench:sagepro [-- --receipts=N --writers=N --profile=N]`: compiles the benchmark and the
// connector source with SWC on load (swc-hooks.mjs) and runs receipts.bench.ts.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./swc-hooks.mjs', import.meta.url);
const { main } = await import('./receipts.bench.ts');
// Exit explicitly: a benchmark must not hang on a stray handle (pg pool, embedded PostgreSQL hooks).
process.exit(await main(process.argv.slice(2)));
