import type { BackendChoice, EnvironmentReport } from '@dl/core';
import { defineCommand } from '../framework/spec';
import { loadCore } from './shared';

/** The report as doctor prints it (demo prints it too, before training). */
export function doctorText(report: EnvironmentReport, choice: BackendChoice): string {
  return [
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
  ].join('\n');
}

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'print versions, the chosen backend and why, threads, native tfjs-node availability',
  description:
    'Chooses a backend as every command does (DL_BACKEND, else the fastest that loads: tfjs-node-gpu, tfjs-node, wasm, cpu) and says why the others were skipped.',
  flags: {
    backend: {
      type: 'enum',
      values: ['auto', 'tensorflow', 'wasm', 'cpu'],
      defaultText: 'DL_BACKEND, else auto',
      help: 'the backend to try instead of the automatic choice',
    },
  },
  async run(ctx) {
    const { environmentReport, initBackend } = await loadCore();
    const choice = await initBackend({ prefer: ctx.flags.backend });
    const report = await environmentReport(choice);
    ctx.result(report, () => doctorText(report, choice));
  },
});
