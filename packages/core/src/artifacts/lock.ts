import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { DlError } from '../errors';
import { notWritable } from './fs-reason';

/** What a lock file says about the run holding it. */
export interface LockInfo {
  format: 'dl-lock';
  pid: number;
  host: string;
  startedAt: string;
  /** The output the lock guards. */
  target: string;
}

/** A held lock; `note` tells that a stale lock of a dead process was taken over. */
export interface HeldLock {
  path: string;
  note?: string;
  /** Removes the lock file (only if it is still ours); idempotent. */
  release(): void;
}

/** The lock of an output path: a sibling file, because the output itself is replaced whole. */
export const lockPathFor = (target: string): string => `${target.replace(/(.)[\\/]+$/, '$1')}.lock`;

/** Lock files this process holds, with their exact content, removed on exit. */
const held = new Map<string, string>();
let exitHookInstalled = false;

function removeIfOurs(path: string): void {
  const content = held.get(path);
  held.delete(path);
  try {
    if (content !== undefined && readFileSync(path, 'utf8') === content) unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}

/** A run that ends (normally or by process.exit) drops its locks; a killed one leaves them stale. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const path of [...held.keys()]) removeIfOurs(path);
  });
}

type ReadLock = { info: LockInfo; raw: string } | 'gone' | 'unreadable';

function readLock(path: string): ReadLock {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw notWritable(path, 'read the lock file', e);
  }
  try {
    const info = JSON.parse(raw) as LockInfo;
    const valid = info?.format === 'dl-lock' && Number.isInteger(info.pid);
    return valid && typeof info.host === 'string' ? { info, raw } : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Alive, or unknowable (another host, another user's process): only ESRCH proves it dead. */
function holderAlive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true;
  if (info.pid === process.pid) return true;
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Moves the stale lock aside and checks that what moved is the stale lock we judged, not a
 * fresh one another run took meanwhile (that one is put back). True when the stale one is gone.
 */
function removeStale(path: string, stale: string): boolean {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return false; // another run moved it first
  }
  const moved = readFileSync(aside, 'utf8');
  if (moved !== stale) {
    try {
      linkSync(aside, path); // fails if a third run holds it now: then that one is the holder
    } catch {}
  }
  unlinkSync(aside);
  return moved === stale;
}

function lockedError(path: string, info: LockInfo): DlError {
  const other =
    info.host === hostname() ? '' : ' (another host: if that run is gone, remove the lock)';
  return new DlError(
    'OUTPUT_LOCKED',
    `is locked by another run: pid ${info.pid} on ${info.host}, started ${info.startedAt}${other}; wait for it to finish or choose another path`,
    { path },
  );
}

/**
 * Takes the lock `lockPathFor(target)`, created exclusively ('wx') with this run's pid, host
 * and start time. A live holder's lock is refused naming it; a stale lock (same host, process
 * gone) is taken over and `note` says so.
 */
export function acquireLock(target: string): HeldLock {
  const path = lockPathFor(target);
  const info: LockInfo = {
    format: 'dl-lock',
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    target,
  };
  const content = `${JSON.stringify(info)}\n`;
  let note: string | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(path, content, { flag: 'wx' });
      held.set(path, content);
      installExitHook();
      return { path, note, release: () => removeIfOurs(path) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        throw notWritable(path, 'create the lock file', e);
    }
    const holder = readLock(path);
    if (holder === 'gone') continue;
    if (holder === 'unreadable') {
      throw new DlError(
        'OUTPUT_LOCKED',
        'exists and is not a readable @dl lock file (a run may be creating it right now); if no run uses this output, remove the file',
        { path },
      );
    }
    if (holderAlive(holder.info)) throw lockedError(path, holder.info);
    if (removeStale(path, holder.raw)) {
      const h = holder.info;
      note = `took over the stale lock ${path} of process ${h.pid} on ${h.host} (started ${h.startedAt}), which is no longer running`;
    }
  }
  throw new DlError('OUTPUT_LOCKED', 'could not take the lock: other runs keep taking it', {
    path,
  });
}
