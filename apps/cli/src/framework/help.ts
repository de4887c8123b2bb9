import { flagFacts, flagLabel, positionalLabel, usageArguments, usageLine, wrap } from './describe';
import { EXIT_CODE_DOCS } from './exit';
import { flagsOf } from './parse';
import type { Command, Group, Node } from './spec';

const WIDTH = 100;
const COLUMN = 32;
const INDENT = ' '.repeat(COLUMN);

const trimEnd = (lines: string[]) => lines.map((l) => l.trimEnd());

/** "  label      text" with the text wrapped under its column. */
function entry(label: string, text: string): string[] {
  const [first, ...rest] = wrap(text, WIDTH, INDENT);
  const head = `  ${label}`;
  if (head.length < COLUMN) return [head.padEnd(COLUMN) + first.trimStart(), ...rest];
  return [head, first, ...rest];
}

function flagEntries(command: Command): string[] {
  return Object.entries(flagsOf(command)).flatMap(([name, spec]) => [
    ...entry(flagLabel(name, spec), flagFacts(spec)),
    ...wrap(spec.help, WIDTH, INDENT),
  ]);
}

/** The global part of `dl --help`: exit codes and environment variables. */
export const ENVIRONMENT_DOCS: readonly { name: string; meaning: string }[] = [
  { name: 'DL_BACKEND', meaning: 'tensorflow, wasm or cpu: skip the automatic backend choice' },
  { name: 'DL_THREADS', meaning: 'wasm backend threads (default: the available cores)' },
  { name: 'DL_DEBUG', meaning: '1: print stack traces with errors' },
];

function commandHelp(path: string, command: Command): string[] {
  const lines = [`${path} — ${command.summary}`, '', `usage: ${usageLine(path, command)}`];
  if (command.description) lines.push('', ...wrap(command.description, WIDTH));
  if (command.positionals.length) {
    lines.push('', 'arguments:');
    for (const p of command.positionals) lines.push(...entry(positionalLabel(p), p.help));
  }
  lines.push('', 'flags:', ...flagEntries(command));
  if (command.examples.length) {
    lines.push('', 'examples:', ...command.examples.map((e) => `  ${e}`));
  }
  return lines;
}

function groupHelp(path: string, group: Group, root: boolean): string[] {
  const lines = [`${path} — ${group.summary}`, '', `usage: ${path} <command> [flags]`];
  if (group.description) lines.push('', ...wrap(group.description, WIDTH));
  lines.push('', 'commands:');
  const width = Math.max(...group.commands.map((c) => c.name.length));
  for (const c of group.commands) {
    const rest = c.kind === 'group' ? '<command> …' : usageArguments(c);
    lines.push(`  ${path} ${c.name.padEnd(width)} ${rest}`, ...wrap(c.summary, WIDTH, '      '));
  }
  lines.push(
    '',
    `Every command takes --help (-h) and --json; '${path} <command> --help' lists its flags.`,
  );
  if (root) {
    lines.push(`'${path} --version' prints the version.`, '', 'exit codes:');
    for (const e of EXIT_CODE_DOCS) lines.push(...entry(String(e.code), e.meaning));
    lines.push('', 'environment:');
    for (const e of ENVIRONMENT_DOCS) lines.push(...entry(e.name, e.meaning));
  }
  return lines;
}

/** The --help text of any node: `dl`, `dl plate`, `dl plate train`. */
export function helpText(path: string, node: Node, root = false): string {
  const lines = node.kind === 'group' ? groupHelp(path, node, root) : commandHelp(path, node);
  return `${trimEnd(lines).join('\n')}\n`;
}
