export function directImports(file: string): string[];
export function transitiveImports(entry: string): Set<string>;
export function importCycles(srcDir: string, root?: string): string[][];
