import type { EnumFlag, FlagSpec } from './flags';
import type { Command, PositionalSpec } from './spec';
import { interval } from './validate';

/** Short value lists are shown in place of a placeholder: `--split standard|speaker`. */
const valuesFit = (spec: EnumFlag) => spec.values.join('|').length <= 32;

/** The type and range as --help lists them: "int ≥ 1", "number in (0, 1]", "one of a, b". */
export function describeType(spec: FlagSpec): string {
  switch (spec.type) {
    case 'int':
      return interval(spec, 'int');
    case 'number':
      return interval(spec, 'number');
    case 'enum':
      if (spec.list) return `list of ${spec.values.join(', ')}`;
      return valuesFit(spec) ? 'choice' : `one of ${spec.values.join(', ')}`;
    case 'string':
      return spec.list ? 'comma-separated list' : 'text';
    case 'path':
      return 'path';
    case 'boolean':
      return 'switch';
  }
}

/** The value's name in usage lines: `--out DIR`, `--epochs N`, `--split standard|speaker`. */
export function placeholderOf(spec: FlagSpec): string {
  if (spec.placeholder) return spec.placeholder;
  switch (spec.type) {
    case 'int':
      return 'N';
    case 'number':
      return 'X';
    case 'path':
      return 'PATH';
    case 'enum':
      return spec.list ? `${spec.values[0]},…` : valuesFit(spec) ? spec.values.join('|') : 'NAME';
    case 'string':
      return spec.list ? 'A,B,…' : 'TEXT';
    case 'boolean':
      return '';
  }
}

/** `--out, -o DIR` */
export function flagLabel(name: string, spec: FlagSpec): string {
  const value = placeholderOf(spec);
  return `--${name}${spec.short ? `, -${spec.short}` : ''}${value ? ` ${value}` : ''}`;
}

/** Type, range, default and "required", as --help and the README list them. */
export function flagFacts(spec: FlagSpec): string {
  const facts = [describeType(spec)];
  if (spec.required) facts.push('required');
  const shown = spec.defaultText ?? ('default' in spec ? spec.default : undefined);
  if (shown !== undefined) facts.push(`default ${shown}`);
  return facts.join(', ');
}

export function positionalLabel(p: PositionalSpec): string {
  const name = `${p.name}${p.variadic ? '…' : ''}`;
  return p.required ? name : `[${name}]`;
}

/** What follows the command's name in a usage line: `MODEL FILE… --top N [flags]`. */
export function usageArguments(command: Command): string {
  const required = Object.entries(command.flags)
    .filter(([, spec]) => spec.required)
    .map(([name, spec]) => flagLabel(name, { ...spec, short: undefined }));
  const positionals = command.positionals.map(positionalLabel);
  return [...positionals, ...required, '[flags]'].join(' ');
}

/** `dl plate train --kind province|letter|alnum --out DIR [flags]` */
export const usageLine = (path: string, command: Command): string =>
  `${path} ${usageArguments(command)}`;

/** Splits text into lines of at most `width` characters (words longer than that stay whole). */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (current && indent.length + current.length + 1 + word.length > width) {
        lines.push(indent + current);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    lines.push(indent + current);
  }
  return lines;
}
