import { availableParallelism, cpus, totalmem } from 'node:os';
import { BACKEND_ORDER, type BackendChoice } from './backend/init';
import { nodeRequire } from './node-require';
import * as tf from './tf';

export interface EnvironmentReport {
  node: string;
  platform: string;
  cpus: { model: string; logical: number; available: number };
  memoryGiB: number;
  versions: Record<string, string | null>;
  /** Whether each optional native package can be loaded, and if not why. */
  native: Record<string, { loadable: boolean; detail: string }>;
  backend: BackendChoice | null;
}

function versionOf(pkg: string): string | null {
  try {
    return (nodeRequire(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

/**
 * Versions, hardware and backend facts for `dl doctor` and bug reports. Loading tfjs-node is
 * attempted for real (it fails without libtensorflow even when the package is present).
 */
export async function environmentReport(backend: BackendChoice | null): Promise<EnvironmentReport> {
  const native: EnvironmentReport['native'] = {};
  for (const c of BACKEND_ORDER.filter((c) => c.tfBackend === 'tensorflow')) {
    try {
      await import(c.module);
      native[c.module] = { loadable: true, detail: `version ${versionOf(c.module) ?? '?'}` };
    } catch (e) {
      const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
      const missing = /Cannot find (module|package)|MODULE_NOT_FOUND/.test(msg);
      native[c.module] = { loadable: false, detail: missing ? 'not installed' : msg };
    }
  }
  const cpu = cpus()[0];
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: {
      model: cpu?.model ?? 'unknown',
      logical: cpus().length,
      available: availableParallelism(),
    },
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    versions: {
      '@tensorflow/tfjs': tf.version.tfjs,
      '@tensorflow/tfjs-core': tf.version_core,
      '@tensorflow/tfjs-backend-wasm': versionOf('@tensorflow/tfjs-backend-wasm'),
      '@tensorflow/tfjs-backend-cpu': versionOf('@tensorflow/tfjs-backend-cpu'),
    },
    native,
    backend,
  };
}
