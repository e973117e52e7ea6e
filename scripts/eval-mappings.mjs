// `npm run eval:mappings [-- DIR] [-- --verbose]`: scores the field-mapping suggester on every `*.json`
// case in DIR (default test/fixtures/mapping-eval/), cold and warm (backend/src/flows/suggestions/
// evaluation.ts). The TypeScript is compiled on load by SWC, as the benchmarks do.
import { readdirSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { join, resolve } from 'node:path';

register('../test/bench/sagepro/swc-hooks.mjs', import.meta.url);
const { evaluateCases, parseCase, reportLines } = await import('../backend/src/flows/suggestions/evaluation.ts');

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const dir = resolve(args.find((arg) => !arg.startsWith('--')) ?? new URL('../test/fixtures/mapping-eval/', import.meta.url).pathname);
const files = readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
if (files.length === 0) {
  console.error(`no *.json cases in ${dir}`);
  process.exit(1);
}
const cases = files.map((file) => parseCase(JSON.parse(readFileSync(join(dir, file), 'utf8')), file));
for (const line of reportLines(evaluateCases(cases), verbose)) console.log(line);
