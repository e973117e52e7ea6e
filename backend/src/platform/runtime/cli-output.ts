/** Where a command-line tool writes: stdout and stderr, or a test's capture. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const STANDARD_OUTPUT: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
