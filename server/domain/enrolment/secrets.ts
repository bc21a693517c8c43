import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The mall's card-token key. Made on first start and kept in its own file, apart from the data
 * folder, so a copy of the data alone cannot be matched against card numbers.
 */
export async function loadOrCreateSecret(file: string): Promise<Buffer> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    const key = Buffer.from(text, 'base64url');
    if (key.length < 32) throw new Error(`secret file ${file} holds fewer than 32 bytes`);
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  await writeFile(file, key.toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
