import type { SpeechEvaluation, SpeechSplit } from '@dl/speech';

type SpeechModule = typeof import('@dl/speech');

/** What to synthesise: the first `voices` voices, `renditions` takes each, seeded. */
export function synthOptions(
  speech: SpeechModule,
  flags: { voices: number; renditions: number; seed?: number },
) {
  return {
    voices: speech.synthVoices(flags.voices),
    renditions: flags.renditions,
    seed: flags.seed ?? 1,
  };
}

/** --split and --test-speakers as a SpeechSplit (undefined: the library's default). */
export function splitOf(
  mode: 'standard' | 'speaker' | undefined,
  testSpeakers: string[] | undefined,
): SpeechSplit | undefined {
  if (mode === undefined) return testSpeakers ? { mode: 'speaker', testSpeakers } : undefined;
  return mode === 'standard' ? { mode } : { mode, testSpeakers };
}

/** The per-class report, then accuracy per speaker and per digit. */
export function evaluationText(speech: SpeechModule, report: string, e: SpeechEvaluation): string {
  return [
    report,
    speech.formatGroupAccuracy('speaker', e.bySpeaker),
    speech.formatGroupAccuracy('digit', e.byLabel),
    '',
  ].join('\n\n');
}
