import { createRequire } from 'node:module';
import { captchaCommand } from './commands/captcha/index';
import { demoCommand } from './commands/demo';
import { doctorCommand } from './commands/doctor';
import { faceCommand } from './commands/face/index';
import { helpCommand } from './commands/help';
import { lmCommand } from './commands/lm/index';
import { plateCommand } from './commands/plate/index';
import { speechCommand } from './commands/speech/index';
import { summaryCommand } from './commands/summary';
import { textcnnCommand } from './commands/textcnn/index';
import { transferCommand } from './commands/transfer/index';
import { runCli } from './framework/run';
import { defineGroup, type Group } from './framework/spec';

const root: Group = defineGroup({
  name: 'dl',
  summary: 'train, evaluate and run every @dl task',
  commands: [
    doctorCommand,
    demoCommand,
    plateCommand,
    speechCommand,
    textcnnCommand,
    lmCommand,
    captchaCommand,
    faceCommand,
    transferCommand,
    summaryCommand,
    helpCommand(() => root),
  ],
});

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  // dist/cli.js and src/cli.ts both sit one level below package.json.
  const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
  process.stdout.write(`${version}\n`);
} else {
  runCli(root, argv).then((code) => {
    process.exitCode = code;
  });
}
