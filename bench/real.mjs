// `pnpm bench:real [DATA] [--only TASK] [--long]`: every task on every real data set that is
// present, each by its own bench script (which keeps each run's JSON under bench/results/ and
// writes its own section of BENCHMARKS.md with the details), then one "Results on real data"
// table here: result, anchor, goal, seed, time, peak memory, commit. DATA (or DL_REAL_DATA) is
// the folder of real data sets (README there: layout and protocols). Long runs (the full PTB
// recipe) run only with --long. A script reports its rows on one stdout line
// `RESULT {"rows":[{task,set,metric,value,anchor,goal,seed,protocol}]}`. `--collect` asks each
// script for the rows it has on record (its --section-only) instead of running it; a task
// without that mode keeps its last JSON here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeBenchSection } from './benchmarks-md.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    only: { type: 'string' },
    long: { type: 'boolean', default: false },
    // Rebuild the table from what each task's script has on record, training nothing.
    collect: { type: 'boolean', default: false },
  },
});
const data = positionals[0] ?? process.env.DL_REAL_DATA;
if (!data || !existsSync(data)) {
  console.error('bench:real: give the real data folder as argument or in DL_REAL_DATA');
  process.exit(2);
}

/**
 * Each task: the data it needs (relative to DATA) and its script's arguments for DATA (each
 * script's own CLI; `long` replaces `args` with --long). Finished folds and runs are kept as JSON
 * by the scripts, so a rerun continues rather than repeats where the script supports it.
 */
const TASKS = [
  {
    task: 'speech',
    needs: 'fsdd/recordings',
    script: 'speech-real.mjs',
    args: (d) => [d, '--resume'],
    collect: (d) => [d, '--section-only'],
  },
  {
    task: 'text',
    needs: 'mr',
    script: 'text-real.mjs',
    // CNN-rand's 10 folds take hours on 2 cores: only with --long
    args: (d) => [d, '--only', 'sms-tfidf,sms-nbsvm,mr-tfidf,mr-nbsvm'],
    long: (d) => [d],
    collect: (d) => [d, '--section-only'],
  },
  {
    task: 'plate-chars',
    needs: 'plate-chars',
    script: 'plate-chars-real.mjs',
    args: (d) => [d],
    collect: (d) => [d, '--section-only'],
  },
  {
    task: 'plate-reader',
    needs: 'plate-crops',
    script: 'plate-real.mjs',
    args: (d) => [d, '--chars'],
    collect: (d) => [d, '--section-only'],
  },
  {
    task: 'captcha',
    needs: 'captcha/train',
    script: 'captcha.mjs',
    args: (d) => ['real', '--data', join(d, 'captcha', 'train')],
    collect: (d) => ['real', '--data', join(d, 'captcha', 'train'), '--section-only'],
  },
  {
    task: 'face',
    needs: 'yale-faces',
    script: 'face.mjs',
    args: (d) => ['yale', '--data', join(d, 'yale-faces')],
    collect: (d) => ['yale', '--data', join(d, 'yale-faces'), '--section-only'],
  },
  {
    task: 'transfer',
    needs: 'cats-dogs/train',
    script: 'transfer.mjs',
    // the shipped backbone that scored best (the Transfer section compares all of them)
    args: (d) => [
      ...['--data', join(d, 'cats-dogs', 'train'), '--backbones', 'centernet'],
      ...['--no-speed', '--section', 'transfer-real'],
    ],
  },
  {
    task: 'lm',
    needs: 'ptb',
    script: 'lm-real.mjs',
    args: (d) => [d, '--resume'],
    long: (d) => [d, '--full', '--resume'],
    collect: (d) => [d, '--section-only'],
  },
];
if (values.only && !TASKS.some((t) => t.task === values.only)) {
  console.error(`--only must be one of ${TASKS.map((t) => t.task).join(', ')}`);
  process.exit(2);
}

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
  encoding: 'utf8',
}).stdout.trim();
const resultsDir = join(here, 'results', 'real');
mkdirSync(resultsDir, { recursive: true });

/** Runs one task's script under /usr/bin/time for its wall time and peak RSS. */
function runTask(t) {
  const choose = values.collect ? t.collect : values.long && t.long ? t.long : t.args;
  const args = [join(here, t.script), ...choose(data)];
  const t0 = Date.now();
  const timed = existsSync('/usr/bin/time');
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', 'PEAK_RSS_KB %M', process.execPath, ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 1 << 28,
      })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  process.stderr.write(r.stderr.replace(/^PEAK_RSS_KB.*$/m, ''));
  const seconds = (Date.now() - t0) / 1000;
  const peak = /PEAK_RSS_KB (\d+)/.exec(r.stderr);
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  const rows = line ? JSON.parse(line.slice(7)).rows : [];
  return {
    task: t.task,
    status: r.status === 0 ? 'ok' : `failed (exit ${r.status})`,
    seconds,
    peakMiB: peak ? Number(peak[1]) / 1024 : undefined,
    rows,
    commit,
    collected: values.collect,
    at: new Date().toISOString(),
  };
}

const fmt = (v) =>
  typeof v === 'number' ? (Math.abs(v) < 10 ? v.toFixed(3) : v.toFixed(1)) : (v ?? '—');

function table(runs) {
  const lines = [
    '| task | set | protocol | metric | result | anchor | goal | seed | time | peak RSS | commit |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const run of runs) {
    // a collected row was read from the record: its run's time is in the task's own section
    const time = run.collected ? 'see section' : `${Math.round(run.seconds)} s`;
    const peak = run.peakMiB && !run.collected ? `${Math.round(run.peakMiB)} MiB` : '—';
    if (!run.rows.length) {
      lines.push(
        `| ${run.task} | — | — | — | ${run.status} | — | — | — | ${time} | ${peak} | ${run.commit} |`,
      );
    }
    for (const r of run.rows) {
      lines.push(
        `| ${run.task} | ${r.set} | ${r.protocol ?? '—'} | ${r.metric} | ${fmt(r.value)} | ${fmt(r.anchor)} | ${fmt(r.goal)} | ${r.seed ?? '—'} | ${time} | ${peak} | ${run.commit} |`,
      );
    }
  }
  return lines.join('\n');
}

for (const t of TASKS) {
  if (values.only && t.task !== values.only) continue;
  if (!existsSync(join(data, t.needs))) {
    console.error(`bench:real: ${t.task}: ${t.needs} not in ${data}; skipped`);
    continue;
  }
  if (!existsSync(join(here, t.script))) {
    console.error(`bench:real: ${t.task}: bench/${t.script} does not exist yet; skipped`);
    continue;
  }
  if (values.collect && !t.collect) {
    console.error(`bench:real: ${t.task}: no record-only mode; its last run is kept`);
    continue;
  }
  console.error(`bench:real: ${t.task} …`);
  const run = runTask(t);
  writeFileSync(join(resultsDir, `${t.task}.json`), `${JSON.stringify(run, null, 2)}\n`);
}

// The table is rebuilt from every task's latest JSON, so `--only` reruns one row.
const runs = TASKS.map((t) => join(resultsDir, `${t.task}.json`))
  .filter(existsSync)
  .map((f) => JSON.parse(readFileSync(f, 'utf8')));
writeBenchSection(
  'real',
  '## Results on real data',
  `Measured by \`pnpm bench:real ../shared/data/real\` on this machine (2 cores); each task's own\nsection below has the per-fold and per-class details. Anchor: the published or reference\nresult named in the data README; goal: what the issue asks. Rows marked "see section" were\ncollected from the tasks' records (\`--collect\`), not rerun; commit is then the collection's.\n\n${table(runs)}`,
);
console.log(table(runs));
