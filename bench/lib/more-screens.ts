import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dataset } from '../generate.ts';
import { provisionDevices, type ProvisionedDevice } from './provision.ts';

/**
 * Provisions screens beyond the dataset's own into a copy of its data folder (devices.json), spread
 * over the same zones in the same round robin, so a row can run with more screens than the cached
 * dataset holds without generating a year of visits again. Returns every screen: the dataset's, then the new.
 */
export async function withScreens(dataRoot: string, dataset: Dataset, total: number): Promise<ProvisionedDevice[]> {
  const have = dataset.screenDevices;
  if (total <= have.length) return have.slice(0, total);
  const zones = [...new Set(have.map((d) => d.zoneId))];
  const file = join(dataRoot, dataset.mall, 'devices.json');
  const store = JSON.parse(await readFile(file, 'utf8')) as { devices: unknown[] };
  const { records, devices } = provisionDevices('screen', total - have.length, zones, new Date().toISOString());
  store.devices.push(...records);
  await writeFile(file, JSON.stringify(store));
  return [...have, ...devices];
}
