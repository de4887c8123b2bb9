import type { Options } from 'tsup';
export function dlTsup(overrides?: Options): Options;
