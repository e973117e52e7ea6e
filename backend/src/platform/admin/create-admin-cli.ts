/**
 * `npm run admin:create -- --email ops@example.com [--name "Ops"]` (scripts/admin-create.mjs runs
 * this compiled; in the Docker image: node backend/dist/platform/admin/create-admin-cli.js ...).
 * The password is read from standard input (typed, or piped: `printf '%s' "$PW" | npm run ...`),
 * never from the command line, where other users of the machine could see it. DATABASE_URL: the
 * superuser URL the start step uses.
 */
import { pathToFileURL } from 'node:url';
import { type Output, STANDARD_OUTPUT } from '../runtime/cli-output.js';
import { AdminSetupRefused, createPlatformAdmin } from './create-admin.js';

const USAGE = 'Usage: DATABASE_URL=<superuser URL> npm run admin:create -- --email <email> [--name <name>]   (the password on standard input)';

/** Runs the command; returns the exit code. A failure is one line on stderr. */
export async function runCreateAdmin(
  argv: string[],
  env: NodeJS.ProcessEnv,
  readPassword: () => Promise<string>,
  io: Output = STANDARD_OUTPUT,
): Promise<number> {
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.out(USAGE);
      return 0;
    }
    const args = parseArgs(argv);
    const databaseUrl = env.DATABASE_URL?.trim();
    if (!databaseUrl) throw new AdminSetupRefused('DATABASE_URL is required (the superuser URL of Settle\'s database)');
    const password = (await readPassword()).replace(/\r?\n$/, '');
    const admin = await createPlatformAdmin(databaseUrl, { ...args, password });
    io.out(`Platform administrator ${admin.email} created: sign in to the portal with the password given.`);
    return 0;
  } catch (error) {
    io.err(`admin:create: ${error instanceof AdminSetupRefused ? error.message : (error as Error).message}`);
    return 1;
  }
}

function parseArgs(argv: string[]): { email: string; name?: string } {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag !== '--email' && flag !== '--name') throw new AdminSetupRefused(`unknown argument ${argv[i]} (${USAGE})`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new AdminSetupRefused(`${flag} needs a value`);
    values[flag.slice(2)] = value;
  }
  if (!values.email) throw new AdminSetupRefused(`--email is required (${USAGE})`);
  return { email: values.email, name: values.name };
}

/** The first line of standard input; on a terminal, after a prompt. */
export async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (10+ characters, shown as typed): ');
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Exit explicitly: a CLI must not hang on a stray handle.
  void runCreateAdmin(process.argv.slice(2), process.env, readPasswordFromStdin).then((code) => process.exit(code));
}
