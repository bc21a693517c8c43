import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolderEach } from './files.ts';
import { staleBuild } from './build-fresh.ts';

const at = (root: string, path: string, seconds: number) => {
  const file = join(root, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, 'x');
  utimesSync(file, seconds, seconds);
};

describe('staleBuild', () => {
  const folder = tempFolderEach('atrium-build-fresh-');

  it('says missing without both ends of a build', () => {
    at(folder(), 'server/main.ts', 100);
    expect(staleBuild(folder())).toBe('missing');
    at(folder(), 'dist/hub/main.mjs', 200);
    expect(staleBuild(folder())).toBe('missing');
  });

  it('is fresh when every source is older than the build', () => {
    at(folder(), 'server/main.ts', 100);
    at(folder(), 'kiosk/src/App.svelte', 150);
    at(folder(), 'dist/build.json', 200);
    at(folder(), 'dist/hub/main.mjs', 201);
    expect(staleBuild(folder())).toBeNull();
  });

  it('names the source changed after the build, measured from its older end', () => {
    at(folder(), 'server/main.ts', 100);
    at(folder(), 'dist/build.json', 200);
    at(folder(), 'dist/hub/main.mjs', 300);
    at(folder(), 'shared/ui/Button.svelte', 250);
    expect(staleBuild(folder())).toBe('shared/ui/Button.svelte');
  });

  it('does not count tests, test helpers or node_modules', () => {
    at(folder(), 'server/main.ts', 100);
    at(folder(), 'dist/build.json', 200);
    at(folder(), 'dist/hub/main.mjs', 200);
    at(folder(), 'server/domain/x.test.ts', 300);
    at(folder(), 'server/testing/test-hub.ts', 300);
    at(folder(), 'server/node_modules/a/index.js', 300);
    expect(staleBuild(folder())).toBeNull();
  });
});
