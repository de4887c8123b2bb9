import { environmentReport, initBackend } from '@dl/core';
import { type Command, parseCommandArgs } from '../command';

export const doctorCommand: Command = {
  summary: 'print versions, the chosen backend and why, threads, native tfjs-node availability',
  async run(argv) {
    const { values } = parseCommandArgs('doctor', argv, {
      json: { type: 'boolean' },
      backend: { type: 'string' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write('usage: dl doctor [--backend auto|tensorflow|wasm|cpu] [--json]\n');
      return 0;
    }
    const choice = await initBackend({
      prefer: values.backend as 'auto' | undefined,
    });
    const report = await environmentReport(choice);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return 0;
    }
    const out = [
      `node        ${report.node} (${report.platform})`,
      `cpu         ${report.cpus.model}, ${report.cpus.available} available of ${report.cpus.logical}`,
      `memory      ${report.memoryGiB} GiB`,
      ...Object.entries(report.versions).map(([k, v]) => `${k.padEnd(30)} ${v ?? 'missing'}`),
      ...Object.entries(report.native).map(
        ([k, v]) => `${k.padEnd(30)} ${v.loadable ? 'loadable' : 'not loadable'} (${v.detail})`,
      ),
      `backend     ${choice.id} — ${choice.reason}`,
      ...choice.skipped.map((s) => `  skipped   ${s.id}: ${s.reason}`),
      `threads     ${choice.threads}`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
};
