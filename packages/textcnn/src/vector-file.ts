import { type FileHandle, open } from 'node:fs/promises';
import { DlError } from '@dl/core';

/** Bytes read from disk at a time. */
const CHUNK = 1 << 20;

/**
 * A file read forward in chunks, by lines or by exact byte counts, so that a multi-gigabyte
 * vectors file never sits in memory and no record can grow past a stated cap: a file with
 * no line breaks fails at `maxBytes` instead of being buffered whole (as readline would).
 */
export class ChunkedFile {
  private buf: Uint8Array = new Uint8Array(0);
  /** Next unread byte in `buf`. */
  private pos = 0;
  /** File offset of `buf[0]`. */
  private base = 0;
  private eof = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<ChunkedFile> {
    try {
      const handle = await open(path, 'r');
      const info = await handle.stat();
      return new ChunkedFile(handle, info.size, path);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      throw new DlError(
        missing ? 'FILE_NOT_FOUND' : 'INVALID_ARGUMENT',
        `cannot open the word-vector file: ${why}`,
        { path, cause: e },
      );
    }
  }

  /** File offset of the next unread byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  /**
   * The next line without its `\n` (a `\r` before it is kept: callers trim), or undefined at
   * the end of the file. Throws LIMIT_EXCEEDED for a line longer than `maxBytes`.
   */
  async line(maxBytes: number, what: () => string): Promise<Uint8Array | undefined> {
    let scanned = this.pos;
    for (;;) {
      const end = this.buf.indexOf(0x0a, scanned);
      if (end >= 0 && end - this.pos <= maxBytes) return this.take(end - this.pos, 1);
      if (end >= 0 || this.buf.length - this.pos > maxBytes)
        throw tooLong(this.path, what(), maxBytes);
      scanned = this.buf.length;
      const before = this.pos;
      if (!(await this.fill())) {
        return this.buf.length > this.pos ? this.take(this.buf.length - this.pos, 0) : undefined;
      }
      scanned -= before - this.pos; // fill() compacts the buffer
    }
  }

  /** The next `n` bytes, or fewer if the file ends first. */
  async bytes(n: number): Promise<Uint8Array> {
    while (this.buf.length - this.pos < n && (await this.fill())) {}
    return this.take(Math.min(n, this.buf.length - this.pos), 0);
  }

  /** Up to `n` bytes from here on, without consuming them. */
  async peek(n: number): Promise<Uint8Array> {
    while (this.buf.length - this.pos < n && (await this.fill())) {}
    return this.buf.subarray(this.pos, Math.min(this.pos + n, this.buf.length));
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private take(n: number, skip: number): Uint8Array {
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n + skip;
    return out;
  }

  /** Appends one chunk (dropping consumed bytes first); false at the end of the file. */
  private async fill(): Promise<boolean> {
    if (this.eof) return false;
    const keep = this.buf.subarray(this.pos);
    const next = new Uint8Array(keep.length + CHUNK);
    next.set(keep);
    const { bytesRead } = await this.handle.read(
      next,
      keep.length,
      CHUNK,
      this.offset + keep.length,
    );
    this.base += this.pos;
    this.pos = 0;
    this.buf = next.subarray(0, keep.length + bytesRead);
    if (bytesRead === 0) this.eof = true;
    return bytesRead > 0;
  }
}

function tooLong(path: string, what: string, maxBytes: number): DlError {
  return new DlError(
    'LIMIT_EXCEEDED',
    `${what} is longer than ${maxBytes.toLocaleString('en-US')} bytes: not a word-vector line ` +
      '(a binary file, or one without line breaks?)',
    { path },
  );
}
