import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');

/** What a command printed and how it ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run <script> -- <args>` from the repository as its own process, as a person would,
 * with `env` over this process's environment (and no config file unless one is given). Resolves
 * when it exits; killed after `timeoutMs`.
 */
export function runNpmScript(script: string, args: readonly string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  return run('npm', ['run', '--silent', script, '--', ...args], env, timeoutMs);
}

/**
 * Runs the hub (server/main.ts through tsx) as its own process until it exits by itself, for a
 * start that must fail; killed after `timeoutMs`.
 */
export function runHubProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  return run(process.execPath, ['--import', 'tsx', 'server/main.ts'], { ATRIUM_HOST: '127.0.0.1', ATRIUM_FSYNC: '0', ...env }, timeoutMs);
}

function run(command: string, args: readonly string[], env: Record<string, string>, timeoutMs: number): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: repo,
      env: { ...process.env, ATRIUM_CONFIG: '/nonexistent/atrium.config.json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', fail);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
