/**
 * Names to show for devices in one list. Names are unique per kind now (devices.ts), but a mall's
 * data from before may hold two screens both called "Entrance screen": where names collide
 * (ignoring case), each gets its zone's name after it, and where that still collides, the start
 * of its id, so no two lines in a report read the same.
 * @param devices the list's devices: `id`, `name`, `zoneId` (null when unknown)
 * @param zoneName a zone's name by id (the id itself when unknown)
 * @returns the name to show, by device id
 */
export function distinctNames(devices: readonly { id: string; name: string; zoneId: string | null }[], zoneName: (id: string) => string): Map<string, string> {
  const shown = new Map(devices.map((d) => [d.id, d.name]));
  const collide = (label: (id: string) => string) => {
    const count = new Map<string, number>();
    for (const d of devices) count.set(label(d.id).toLocaleLowerCase(), (count.get(label(d.id).toLocaleLowerCase()) ?? 0) + 1);
    return devices.filter((d) => (count.get(label(d.id).toLocaleLowerCase()) ?? 0) > 1);
  };
  for (const d of collide((id) => shown.get(id)!)) shown.set(d.id, d.zoneId ? `${d.name} (${zoneName(d.zoneId)})` : d.name);
  for (const d of collide((id) => shown.get(id)!)) shown.set(d.id, `${shown.get(d.id)} #${d.id.slice(0, 6)}`);
  return shown;
}
