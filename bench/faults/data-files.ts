import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { readLines } from '#server/storage/journal-frame.ts';

/** Every file under a data folder, relative path → content, walking sub-folders. */
export async function readDataFiles(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.set(relative(root, path), await readFile(path, 'utf8'));
    }
  };
  await walk(root);
  return files;
}

/**
 * A fingerprint per file, to show that nothing stored changed. `ignore` drops parts of a file the
 * hub keeps up to date on its own schedule, whatever anyone sends.
 */
export async function fingerprint(root: string, ignore: Record<string, (data: any) => unknown> = {}): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [path, text] of await readDataFiles(root)) {
    const drop = ignore[path];
    out[path] = createHash('sha256').update(drop ? JSON.stringify(drop(JSON.parse(text))) : text).digest('hex');
  }
  return out;
}

/** The JSON files that do not parse (temp files left by a crash are not data and are skipped). */
export async function unparsable(root: string): Promise<string[]> {
  const bad: string[] = [];
  for (const [path, text] of await readDataFiles(root)) {
    if (path.endsWith('.log')) {
      // Journal lines (framed, or bare JSON from before framing): only the very end of a file can
      // be torn by a crash mid-append (and the hub cuts that off); any other bad line is damage.
      const lines = readLines(Buffer.from(text, 'utf8'));
      const lastOk = lines.findLastIndex((l) => l.ok);
      if (lines.some((l, i) => !l.ok && i < lastOk)) bad.push(path);
      continue;
    }
    if (!path.endsWith('.json') || path.split('/').pop()!.startsWith('.')) continue;
    if (!parses(text)) bad.push(path);
  }
  return bad;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
