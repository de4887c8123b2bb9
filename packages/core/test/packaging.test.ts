import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every published package must carry what a user checks before trusting it: the licence text it
// claims, where its source and issue tracker are, and a README in the tarball.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const published = [
  ...readdirSync(join(root, 'packages')).map((d) => join('packages', d)),
  join('apps', 'cli'),
].filter((dir) => existsSync(join(root, dir, 'package.json')));

describe.each(published)('%s is packaged for users', (dir) => {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));

  it('ships the Apache-2.0 licence it declares', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const text = readFileSync(join(root, dir, 'LICENSE'), 'utf8');
    expect(text).toContain('Apache License');
    expect(text).toContain('Version 2.0, January 2004');
    expect(text).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'README.md', 'LICENSE']));
  });

  it('names its repository, homepage and issue tracker', () => {
    expect(pkg.repository).toMatchObject({ type: 'git', directory: dir });
    expect(pkg.repository.url).toMatch(/^git\+https:\/\//);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs.url).toMatch(/^https:\/\/.*\/issues$/);
  });

  it('accepts the Node versions users run (20, 22, 24)', () => {
    expect(pkg.engines.node).toBe('>=20');
  });

  it('has a README with install steps', () => {
    const readme = readFileSync(join(root, dir, 'README.md'), 'utf8');
    expect(readme).toMatch(/npm i(nstall)? /);
  });
});
