import { dlTsup } from '@dl/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig(dlTsup());
