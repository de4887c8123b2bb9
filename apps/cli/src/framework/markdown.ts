import { describeType, flagLabel, positionalLabel, usageLine } from './describe';
import { EXIT_CODE_DOCS } from './exit';
import type { FlagSpec } from './flags';
import { ENVIRONMENT_DOCS } from './help';
import { flagsOf } from './parse';
import type { Command, Group, Node } from './spec';

/** Prose for Markdown: `<kind>` or `</s>` would otherwise be read as HTML tags and vanish. */
const prose = (s: string) => s.replaceAll('<', '\\<');
const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [row(head), row(head.map(() => '---')), ...rows.map(row)];
}

function defaultOf(spec: FlagSpec): string {
  const shown = spec.defaultText ?? ('default' in spec ? spec.default : undefined);
  return shown === undefined ? '' : String(shown);
}

function commandSection(path: string, command: Command): string[] {
  const lines = [`### \`${path}\``, '', prose(command.summary), ''];
  if (command.description) lines.push(prose(command.description), '');
  lines.push('```', usageLine(path, command), '```', '');
  if (command.positionals.length) {
    const rows = command.positionals.map((p) => [`\`${positionalLabel(p)}\``, prose(p.help)]);
    lines.push(...table(['argument', 'description'], rows), '');
  }
  const flags = Object.entries(flagsOf(command)).map(([name, spec]) => [
    `\`${flagLabel(name, spec)}\``,
    `${describeType(spec)}${spec.required ? ', required' : ''}`,
    prose(defaultOf(spec)),
    prose(spec.help),
  ]);
  lines.push(...table(['flag', 'type', 'default', 'description'], flags), '');
  if (command.examples.length) lines.push('```sh', ...command.examples, '```', '');
  return lines;
}

function sections(path: string, node: Node): string[] {
  if (node.kind === 'command') return commandSection(path, node);
  const lines = [`## \`${path}\``, '', prose(node.summary), ''];
  if (node.description) lines.push(prose(node.description), '');
  return [...lines, ...node.commands.flatMap((c) => sections(`${path} ${c.name}`, c))];
}

function commandList(root: Group): string[] {
  const walk = (path: string, node: Node): string[] =>
    node.kind === 'command'
      ? [`- \`${path}\` — ${prose(node.summary)}`]
      : node.commands.flatMap((c) => walk(`${path} ${c.name}`, c));
  return walk(root.name, root);
}

const INTRO = `# @dl/cli — the \`dl\` command

<!-- Generated from the command declarations by \`pnpm --filter @dl/cli readme\`
     (node dist/cli.js help --markdown); test/help.test.ts fails when it is out of date. -->

Train, evaluate and run every @dl task from a shell: plate characters, spoken digits, sentence
classification and word-level language models, on your data or on synthetic data the toolkit
generates.

## Install

\`\`\`sh
npm i -g @dl/cli            # the command is \`dl\`
dl doctor                   # which backend runs, and why
npm i -g @tensorflow/tfjs-node   # optional: native CPU backend (downloads libtensorflow)
\`\`\`

Without a native backend \`dl\` trains on the bundled WebAssembly backend.

## Conventions

- \`--help\` (\`-h\`) works at every level: \`dl --help\`, \`dl plate --help\`, \`dl plate train --help\`.
  Every flag is validated before any work starts; a bad value names the flag and the range.
- \`--json\` prints exactly one JSON document on stdout. A command given several inputs
  (\`speech predict\`, \`plate read\`, \`textcnn predict\`, \`lm score\`, \`lm generate --count N\`)
  prints an array with one result per input (a single input gives that one object); an input that
  fails is reported in place as \`{ "input": "b.wav", "error": { "code": "FILE_CORRUPT",
  "message": "…" } }\`, the others still run, and the exit code is that of the first failure.
  A failure of the whole command is \`{ "error": { "code": …, "message": … } }\`.
- \`--jsonl\` (commands with several inputs) prints one JSON line per input as soon as it is done.
- stdout carries only the result. Progress goes to stderr: a bar on a terminal, plain lines
  otherwise, JSON lines (\`{"event":"epoch","epoch":3,"epochs":20,"loss":…}\`) under \`--json\`.
  Notes and warnings are plain \`…\` / \`warning: …\` lines on stderr.
- \`--out\` must be absent or a @dl model directory (its \`dl.json\`), which is replaced only when
  training succeeds; an existing file, a folder of your files or \`.\` is refused before any work,
  as is an output another run holds.
- Errors are one line on stderr, without a stack trace unless \`DL_DEBUG=1\`.
- \`dl --version\` prints the version; \`dl help --json\` prints every command's declaration
  (flags, types, ranges, defaults) for tools.
`;

/** The CLI's README: conventions, exit codes, then every command with all its flags. */
export function markdown(root: Group): string {
  const lines = [
    INTRO,
    '## Exit codes',
    '',
    ...table(
      ['code', 'meaning'],
      EXIT_CODE_DOCS.map((e) => [String(e.code), e.meaning]),
    ),
    '',
    '## Environment',
    '',
    ...table(
      ['variable', 'meaning'],
      ENVIRONMENT_DOCS.map((e) => [`\`${e.name}\``, e.meaning]),
    ),
    '',
    '## Commands',
    '',
    ...commandList(root),
    '',
    ...root.commands.flatMap((c) => sections(`${root.name} ${c.name}`, c)),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
