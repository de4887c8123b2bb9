import type { Sink } from '@dl/core';
import { errorDoc, exitCodeOf, formatError } from './exit';

export type OutputMode = 'text' | 'json' | 'jsonl';

/** One input's result: its fields under --json, its line(s) otherwise. */
export interface InputOutcome {
  data: Record<string, unknown>;
  text: string;
}

const line = (s: string) => (s.endsWith('\n') ? s : `${s}\n`);

/**
 * The only writer of a command's stdout. Under --json it holds the one document until the
 * command is done (so a later failure replaces it with `{ "error": … }` rather than printing
 * two documents); under --jsonl it streams a line per input; otherwise it prints text.
 */
export class Printer {
  /** Non-zero once an input failed: the exit code of the first failure. */
  exitCode = 0;
  private document: { value: unknown } | undefined;

  constructor(
    readonly mode: OutputMode,
    private readonly stdout: Sink = process.stdout,
    private readonly stderr: Sink = process.stderr,
  ) {}

  private setDocument(value: unknown): void {
    if (this.document) {
      throw new Error('a command printed two results');
    }
    this.document = { value };
  }

  result(data: unknown, text: () => string): void {
    if (this.mode === 'text') this.stdout.write(line(text()));
    else if (this.mode === 'jsonl') this.stdout.write(`${JSON.stringify(data)}\n`);
    else this.setDocument(data);
  }

  async eachInput<T>(
    inputs: readonly T[],
    label: (input: T) => string,
    each: (input: T) => Promise<InputOutcome>,
  ): Promise<void> {
    const results: unknown[] = [];
    for (const input of inputs) {
      const name = label(input);
      let entry: Record<string, unknown>;
      try {
        const outcome = await each(input);
        entry = { input: name, ...outcome.data };
        if (this.mode === 'text') this.stdout.write(line(outcome.text));
      } catch (e) {
        if (this.exitCode === 0) this.exitCode = exitCodeOf(e);
        entry = { input: name, error: errorDoc(e) };
        if (this.mode === 'text') this.stderr.write(`dl: ${this.prefixed(name, formatError(e))}\n`);
      }
      if (this.mode === 'jsonl') this.stdout.write(`${JSON.stringify(entry)}\n`);
      results.push(entry);
    }
    if (this.mode === 'json') this.setDocument(results.length === 1 ? results[0] : results);
  }

  /** Names the input unless the message already starts with it (DlErrors name their file). */
  private prefixed(name: string, message: string): string {
    return message.startsWith(name) ? message : `${name}: ${message}`;
  }

  note(text: string): void {
    this.stderr.write(line(text));
  }

  warn(lines: readonly string[]): void {
    for (const l of lines) this.stderr.write(`warning: ${l}\n`);
  }

  /** Prints what the command left to print: the --json document, or the error in its place. */
  finish(error?: unknown): void {
    if (error !== undefined) {
      const text = formatError(error);
      // Usage errors already start with the command ("dl plate train: …").
      this.stderr.write(`${/^dl[: ]/.test(text) ? '' : 'dl: '}${text}\n`);
      if (this.mode !== 'text')
        this.stdout.write(`${JSON.stringify({ error: errorDoc(error) })}\n`);
      return;
    }
    if (this.mode === 'json') {
      if (!this.document) throw new Error('the command printed no result');
      this.stdout.write(`${JSON.stringify(this.document.value)}\n`);
    }
  }
}
