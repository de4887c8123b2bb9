export function readmeExample(readmePath: string): string;
export function runReadmeExample(
  readmePath: string,
  options?: { replace?: [string | RegExp, string][] },
): Promise<{ exports: Record<string, unknown>; logs: string[]; code: string }>;
