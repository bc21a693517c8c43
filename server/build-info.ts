import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The build of the browser apps the hub serves: `build` from `<distDir>/build.json`, written by the
 * root vite.config.ts. Read again when the file changes (someone ran `npm run build` under a
 * running hub), so what the hub tells devices matches what it serves. 'dev' without a build.
 */
export function servedBuild(distDir: string): () => string {
  const file = join(resolve(distDir), 'build.json');
  let seen = -1;
  let build = 'dev';
  return () => {
    let mtime: number;
    try {
      mtime = statSync(file).mtimeMs;
    } catch {
      return (build = 'dev');
    }
    if (mtime !== seen) {
      seen = mtime;
      try {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as { build?: unknown };
        build = typeof parsed.build === 'string' && parsed.build ? parsed.build : 'dev';
      } catch {
        build = 'dev';
      }
    }
    return build;
  };
}
