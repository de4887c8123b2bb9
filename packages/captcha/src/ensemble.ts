import { DlError } from '@dl/core';
import type { CaptchaDataset } from './data';
import { decodeCtc, decodeHeads } from './decode';
import { truthFor } from './evaluate';
import { captchaMetrics } from './metrics';
import { type CaptchaImage, type CaptchaPredictor, loadCaptchaPredictor } from './predict';
import type { CaptchaMetrics, CaptchaModelInfo, CaptchaPrediction } from './task';

/**
 * 'vote': each member reads the captcha and the symbol most members read wins at each
 * position (the seed's ensemble; ties go to the higher summed confidence; variable-length
 * readings vote on the whole text). 'average': the members' per-position (heads) or per-step
 * (CTC) probabilities are averaged, then decoded — members must share architecture and output
 * shape.
 */
export type EnsembleMethod = 'vote' | 'average';

export interface CaptchaEnsemble {
  method: EnsembleMethod;
  members: { dir: string; info: CaptchaModelInfo }[];
  predict(input: CaptchaImage): Promise<CaptchaPrediction>;
  predictBatch(inputs: readonly CaptchaImage[]): Promise<CaptchaPrediction[]>;
  dispose(): void;
}

export interface CaptchaEnsembleEvaluation {
  method: EnsembleMethod;
  ensemble: CaptchaMetrics;
  members: { dir: string; metrics: CaptchaMetrics }[];
  /** Index of the member with the highest whole-captcha accuracy. */
  best: number;
  /** The ensemble's accuracy is strictly higher than its best member's. */
  beatsBest: boolean;
}

function checkCompatible(
  dirs: readonly string[],
  ps: readonly CaptchaPredictor[],
  method: EnsembleMethod,
) {
  const first = ps[0].info;
  ps.forEach((p, i) => {
    const { info } = p;
    if (info.charset !== first.charset || info.caseRule !== first.caseRule) {
      throw new DlError(
        'MODEL_INVALID',
        `an ensemble needs one charset: ${dirs[0]} reads '${first.charset}', ${dirs[i]} reads '${info.charset}'`,
        { path: dirs[i] },
      );
    }
    if (
      method === 'average' &&
      (info.decoding !== first.decoding || info.length !== first.length)
    ) {
      throw new DlError(
        'MODEL_INVALID',
        `averaging probabilities needs members of one kind: ${dirs[0]} is ${first.decoding} (length ${first.length}), ${dirs[i]} is ${info.decoding} (length ${info.length}); use method 'vote'`,
        { path: dirs[i] },
      );
    }
  });
}

/** The majority text of several readings, position by position when lengths agree. */
export function voteReadings(readings: readonly CaptchaPrediction[]): CaptchaPrediction {
  const lengths = new Set(readings.map((r) => [...r.text].length));
  const pickBest = (tally: Map<string, { n: number; conf: number }>) =>
    [...tally].sort(([, a], [, b]) => b.n - a.n || b.conf - a.conf)[0];
  if (lengths.size !== 1) {
    const tally = new Map<string, { n: number; conf: number }>();
    for (const r of readings) {
      const t = tally.get(r.text) ?? { n: 0, conf: 0 };
      tally.set(r.text, { n: t.n + 1, conf: t.conf + r.confidence });
    }
    const [text, { n }] = pickBest(tally);
    return { text, confidence: n / readings.length, perCharacter: [] };
  }
  const symbols = readings.map((r) => [...r.text]);
  const perCharacter: number[] = [];
  const text = symbols[0]
    .map((_, j) => {
      const tally = new Map<string, { n: number; conf: number }>();
      readings.forEach((r, i) => {
        const t = tally.get(symbols[i][j]) ?? { n: 0, conf: 0 };
        tally.set(symbols[i][j], {
          n: t.n + 1,
          conf: t.conf + (r.perCharacter[j] ?? r.confidence),
        });
      });
      const [symbol, { n }] = pickBest(tally);
      perCharacter.push(n / readings.length);
      return symbol;
    })
    .join('');
  return { text, confidence: perCharacter.reduce((p, v) => p * v, 1), perCharacter };
}

async function averaged(ps: readonly CaptchaPredictor[], inputs: readonly CaptchaImage[]) {
  const info = ps[0].info;
  const outs = await Promise.all(ps.map((p) => p.outputs(inputs)));
  const shape = (o: number[][][]) => [o.length, o[0]?.length, o[0]?.[0]?.length].join('×');
  if (outs.some((o) => shape(o) !== shape(outs[0]))) {
    throw new DlError(
      'MODEL_INVALID',
      `averaging needs outputs of one shape, got ${outs.map(shape).join(', ')}`,
    );
  }
  // CTC outputs are log-probabilities: average the probabilities, then take logs again.
  const ctc = info.decoding === 'ctc';
  const mean = outs[0].map((a, i) =>
    a.map((row, j) =>
      row.map((_, k) => {
        const p =
          outs.reduce((s, o) => s + (ctc ? Math.exp(o[i][j][k]) : o[i][j][k]), 0) / outs.length;
        return ctc ? Math.log(p) : p;
      }),
    ),
  );
  return ctc ? decodeCtc(mean, info) : decodeHeads(mean, info.charset);
}

/** Loads several saved readers as one; refuses members with different charsets. */
export async function loadCaptchaEnsemble(
  dirs: readonly string[],
  o: { method?: EnsembleMethod } = {},
): Promise<CaptchaEnsemble> {
  const method = o.method ?? 'vote';
  if (method !== 'vote' && method !== 'average') {
    throw new DlError(
      'INVALID_ARGUMENT',
      `ensemble method must be 'vote' or 'average', got '${method}'`,
    );
  }
  if (dirs.length < 2)
    throw new DlError('INVALID_ARGUMENT', `an ensemble needs ≥ 2 models, got ${dirs.length}`);
  const ps: CaptchaPredictor[] = [];
  const dispose = () => {
    for (const p of ps) p.dispose();
  };
  try {
    for (const d of dirs) ps.push(await loadCaptchaPredictor(d));
    checkCompatible(dirs, ps, method);
  } catch (e) {
    dispose();
    throw e;
  }
  const predictBatch = async (inputs: readonly CaptchaImage[]) => {
    if (method === 'average') return averaged(ps, inputs);
    const readings = await Promise.all(ps.map((p) => p.predictBatch(inputs)));
    return inputs.map((_, i) => voteReadings(readings.map((r) => r[i])));
  };
  return {
    method,
    members: ps.map((p, i) => ({ dir: dirs[i], info: p.info })),
    predictBatch,
    predict: async (input) => (await predictBatch([input]))[0],
    dispose,
  };
}

/**
 * Scores every member and the ensemble on the same captchas, and says whether the ensemble
 * beats its best member.
 */
export async function evaluateCaptchaEnsemble(
  dirs: readonly string[],
  data: CaptchaDataset,
  o: { method?: EnsembleMethod } = {},
): Promise<CaptchaEnsembleEvaluation> {
  const ensemble = await loadCaptchaEnsemble(dirs, o);
  try {
    const images = data.samples.map((s) => s.image);
    const members: CaptchaEnsembleEvaluation['members'] = [];
    for (const dir of dirs) {
      const p = await loadCaptchaPredictor(dir);
      try {
        const truth = truthFor(p.info, data, dir);
        const read = await p.predictBatch(images);
        members.push({
          dir,
          metrics: captchaMetrics(
            truth,
            read.map((r) => r.text),
          ),
        });
      } finally {
        p.dispose();
      }
    }
    const truth = truthFor(ensemble.members[0].info, data, dirs[0]);
    const read = await ensemble.predictBatch(images);
    const metrics = captchaMetrics(
      truth,
      read.map((r) => r.text),
    );
    const best = members.reduce(
      (b, m, i) => (m.metrics.accuracy > members[b].metrics.accuracy ? i : b),
      0,
    );
    return {
      method: ensemble.method,
      ensemble: metrics,
      members,
      best,
      beatsBest: metrics.accuracy > members[best].metrics.accuracy,
    };
  } finally {
    ensemble.dispose();
  }
}
