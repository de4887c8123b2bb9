export function watchField<T extends object>(
  data: T,
  field: keyof T & string,
): { data: T; touched: () => boolean };
export function describeOutputRefusal(
  trainer: string,
  train: (outDir: string) => { run: Promise<unknown>; dataRead?: () => boolean },
): void;
