// A benchmark's server process (forked by processes.ts): TypeScript compiled on load by SWC, as in
// run.mjs, then `main()` of the module named in argv[2]. It reports to the parent over IPC.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

process.setSourceMapsEnabled(true);
register('../sagepro/swc-hooks.mjs', import.meta.url);
const { main } = await import(pathToFileURL(process.argv[2]).href);
await main();
