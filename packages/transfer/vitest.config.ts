import { dlVitest } from '@dl/vitest-config';
import { defineConfig } from 'vitest/config';

export default defineConfig(dlVitest('@dl/transfer'));
