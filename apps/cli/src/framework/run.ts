import type { Sink } from '@dl/core';
import { ArgumentError } from './errors';
import { exitCodeOf } from './exit';
import { helpText } from './help';
import { Printer } from './output';
import { parseCommand } from './parse';
import type { Command, Context, Group, Node, OutputMode } from './spec';

export interface CliIo {
  stdout: Sink;
  stderr: Sink;
}

const HELP = new Set(['--help', '-h']);

/** The arguments before `--` (after it everything is positional). */
const optionsPart = (argv: readonly string[]) => {
  const end = argv.indexOf('--');
  return end === -1 ? argv : argv.slice(0, end);
};

function outputModeOf(argv: readonly string[]): OutputMode {
  const options = optionsPart(argv);
  if (options.includes('--jsonl')) return 'jsonl';
  return options.includes('--json') ? 'json' : 'text';
}

type Resolved =
  | { kind: 'command'; path: string; command: Command; rest: string[] }
  | { kind: 'help'; path: string; node: Node }
  | { kind: 'missing'; path: string; node: Group };

/** Walks `dl plate train …` down the tree of groups to a command, or to a --help. */
function resolveNode(root: Group, argv: readonly string[]): Resolved {
  let node: Node = root;
  let path = root.name;
  let i = 0;
  while (node.kind === 'group') {
    const token: string | undefined = argv[i];
    if (token === undefined) return { kind: 'missing', path, node };
    if (HELP.has(token)) return { kind: 'help', path, node };
    const child: Node | undefined = node.commands.find((c) => c.name === token);
    if (!child) {
      const what = node === root ? 'command' : 'subcommand';
      const known = node.commands.map((c) => c.name).join(', ');
      throw new ArgumentError(
        'INVALID_ARGUMENT',
        `${path}: unknown ${what} '${token}'; expected one of ${known} (see ${path} --help)`,
      );
    }
    node = child;
    path = `${path} ${child.name}`;
    i++;
  }
  const rest = argv.slice(i);
  if (optionsPart(rest).some((a) => HELP.has(a))) return { kind: 'help', path, node };
  return { kind: 'command', path, command: node, rest };
}

function contextFor(printer: Printer, parsed: ReturnType<typeof parseCommand>) {
  const ctx: Context<never, never> = {
    flags: parsed.flags as never,
    args: parsed.args as never,
    output: printer.mode,
    progress: printer.mode === 'text' ? 'auto' : 'json',
    progressOut: process.stderr,
    result: (data, text) => printer.result(data, text),
    eachInput: (inputs, label, each) => printer.eachInput(inputs, label, each),
    note: (line) => printer.note(line),
    warn: (lines) => printer.warn(lines),
  };
  return ctx;
}

/**
 * Runs `argv` against the declared tree and returns the exit code. Every failure, from a
 * mistyped flag to a corrupt file, ends here: one line on stderr (no stack unless DL_DEBUG=1),
 * `{ "error": … }` on stdout under --json, and the exit code of its kind.
 */
export async function runCli(
  root: Group,
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const printer = new Printer(outputModeOf(argv), io.stdout, io.stderr);
  try {
    const resolved = resolveNode(root, argv);
    if (resolved.kind === 'help') {
      io.stdout.write(helpText(resolved.path, resolved.node, resolved.node === root));
      return 0;
    }
    if (resolved.kind === 'missing') {
      io.stderr.write(helpText(resolved.path, resolved.node, resolved.node === root));
      return exitCodeOf(new ArgumentError('INVALID_ARGUMENT', 'no command'));
    }
    const parsed = parseCommand(resolved.path, resolved.command, resolved.rest);
    await resolved.command.run(contextFor(printer, parsed));
    printer.finish();
    return printer.exitCode;
  } catch (e) {
    printer.finish(e);
    return exitCodeOf(e);
  }
}
