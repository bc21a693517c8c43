import { execFileSync } from 'node:child_process';
import { staleBuild } from '#server/testing/build-fresh.ts';
import { ROOT } from '#server/testing/hub-spawn.ts';

/**
 * The journeys load the built apps from dist/: a build older than the sources would test old
 * code and pass or fail for the wrong reason, so a missing or stale build is made first.
 * `npm test` builds before Playwright, so this costs nothing there.
 */
export default function globalSetup(): void {
  const stale = staleBuild();
  if (!stale) return;
  console.log(stale === 'missing' ? 'no build in dist/: building' : `dist/ is older than ${stale}: building`);
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
