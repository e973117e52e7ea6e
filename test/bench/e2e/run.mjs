// `npm run bench:e2e [-- --events=10000 --feed=webhook|inbox --configs=100/4/10,...]`: compiles the
// benchmark and the backend source with SWC on load (../sagepro/swc-hooks.mjs) and runs e2e.bench.ts.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('../sagepro/swc-hooks.mjs', import.meta.url);
const { main } = await import('./e2e.bench.ts');
// Exit explicitly: a benchmark must not hang on a stray handle (pools, embedded PostgreSQL hooks).
process.exit(await main(process.argv.slice(2)));
