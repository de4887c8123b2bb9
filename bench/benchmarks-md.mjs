// The one writer of BENCHMARKS.md sections: each bench owns the text between its
// `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->` markers and leaves the rest alone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCHMARKS_MD = join(dirname(fileURLToPath(import.meta.url)), '..', 'BENCHMARKS.md');

/** Replaces the section `name`'s table, or appends it under `heading` the first time. */
export function writeBenchSection(name, heading, table, file = BENCHMARKS_MD) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const block = `${start}\n${table}\n${end}`;
  writeFileSync(
    file,
    text.includes(start)
      ? text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block)
      : `${text}\n${heading ? `${heading}\n\n` : ''}${block}\n`,
  );
}
