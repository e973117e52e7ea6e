// `npm run bench:reconcile [-- --sizes=10000,100000,1000000]`: compiles the benchmark and the backend
// source with SWC on load (../sagepro/swc-hooks.mjs) and runs reconcile.bench.ts; each size runs in a
// process of its own, so its peak RSS is its own.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('../sagepro/swc-hooks.mjs', import.meta.url);
const { main } = await import('./reconcile.bench.ts');
process.exit(await main(process.argv.slice(2)));
