// The one line a task script prints for `pnpm bench:real` (bench/real.mjs reads it from stdout):
// `RESULT {"rows":[{task,set,protocol,metric,value,anchor,goal,seed}]}`.

/** Prints the rows of this run's results table on one stdout line. */
export function emitResult(rows) {
  process.stdout.write(`RESULT ${JSON.stringify({ rows })}\n`);
}
