import type { ViteUserConfig } from 'vitest/config';
export function dlVitest(name: string, overrides?: Record<string, unknown>): ViteUserConfig;
