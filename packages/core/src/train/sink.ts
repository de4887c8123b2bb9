/** Where progress text goes: process.stderr, a log file stream, or a test's collector. */
export interface Sink {
  write(s: string): unknown;
  /** A redrawn progress bar is drawn only on a TTY. */
  isTTY?: boolean;
}
