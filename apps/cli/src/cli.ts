import { isDlError } from '@dl/core';
import type { Command } from './command';
import { demoCommand } from './commands/demo';
import { doctorCommand } from './commands/doctor';
import { lmCommand } from './commands/lm';
import { plateCommand } from './commands/plate';
import { speechCommand } from './commands/speech';
import { summaryCommand } from './commands/summary';
import { textcnnCommand } from './commands/textcnn';

const COMMANDS: Record<string, Command> = {
  doctor: doctorCommand,
  demo: demoCommand,
  lm: lmCommand,
  plate: plateCommand,
  speech: speechCommand,
  summary: summaryCommand,
  textcnn: textcnnCommand,
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  dl ${name.padEnd(8)} ${c.summary}`);
  return ['usage: dl <command> [options]', '', ...lines, '', 'Each command takes --help.'].join(
    '\n',
  );
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`dl: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // DlErrors are the user's to fix: print the message, not a stack.
    const message = isDlError(e)
      ? `${e.message} [${e.code}]`
      : e instanceof Error
        ? e.stack
        : String(e);
    process.stderr.write(`dl: ${message}\n`);
    process.exitCode = 1;
  },
);
