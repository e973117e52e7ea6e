// `npm run bench:suggest [-- --runs=300]`: compiles the benchmark and the backend source with SWC on load
// (../sagepro/swc-hooks.mjs) and runs suggest.bench.ts.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('../sagepro/swc-hooks.mjs', import.meta.url);
const { main } = await import('./suggest.bench.ts');
process.exit(await main(process.argv.slice(2)));
