import { helpText } from '../framework/help';
import { markdown } from '../framework/markdown';
import { defineCommand, type Group, type Node } from '../framework/spec';
import { usageError } from './shared';

function find(root: Group, names: readonly string[]): { path: string; node: Node } {
  let node: Node = root;
  let path = root.name;
  for (const name of names) {
    const child: Node | undefined =
      node.kind === 'group' ? node.commands.find((c) => c.name === name) : undefined;
    if (!child) {
      throw usageError(`${path}: no command '${name}' (see ${path} --help)`);
    }
    node = child;
    path = `${path} ${name}`;
  }
  return { path, node };
}

/** `dl help [COMMAND…]`: the same text as --help; --markdown: the README; --json: the declarations. */
export function helpCommand(root: () => Group) {
  return defineCommand({
    name: 'help',
    summary: 'help on a command; --markdown prints the README of every command and flag',
    positionals: [
      { name: 'COMMAND', variadic: true, help: 'the command to explain, e.g. `plate train`' },
    ],
    flags: {
      markdown: {
        type: 'boolean',
        help: 'every command and flag as Markdown (apps/cli/README.md)',
      },
    },
    async run(ctx) {
      const { path, node } = find(root(), ctx.args.COMMAND);
      const text = ctx.flags.markdown ? markdown(root()) : helpText(path, node, node === root());
      // Under --json: the declarations themselves (names, flags, types, ranges, defaults).
      ctx.result(node, () => text.trimEnd());
    },
  });
}
