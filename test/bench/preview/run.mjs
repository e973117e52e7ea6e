// `npm run bench:preview [-- --previews=300]`: compiles the benchmark and the backend source with SWC on
// load (../sagepro/swc-hooks.mjs) and runs preview.bench.ts.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('../sagepro/swc-hooks.mjs', import.meta.url);
const { main } = await import('./preview.bench.ts');
// Exit explicitly: a benchmark must not hang on a stray handle (pools, embedded PostgreSQL hooks).
process.exit(await main(process.argv.slice(2)));
