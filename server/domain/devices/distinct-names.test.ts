import { describe, expect, it } from 'vitest';
import { distinctNames } from './distinct-names.ts';

const zones: Record<string, string> = { entrance: 'Main entrance', food: 'Food court' };
const zoneName = (id: string) => zones[id] ?? id;

describe('devices sharing a name (data from before names were unique) are told apart in lists', () => {
  it('colliding names (any case) get their zone; names alone stay as they are', () => {
    const shown = distinctNames(
      [
        { id: 'aaaaaa1', name: 'Entrance screen', zoneId: 'entrance' },
        { id: 'bbbbbb2', name: 'entrance screen', zoneId: 'food' },
        { id: 'cccccc3', name: 'Lift screen', zoneId: 'entrance' },
      ],
      zoneName,
    );
    expect([...shown.values()]).toEqual(['Entrance screen (Main entrance)', 'entrance screen (Food court)', 'Lift screen']);
  });

  it('same name in the same zone: the start of the id tells them apart', () => {
    const shown = distinctNames(
      [
        { id: 'aaaaaa1', name: 'Entrance screen', zoneId: 'entrance' },
        { id: 'bbbbbb2', name: 'Entrance screen', zoneId: 'entrance' },
      ],
      zoneName,
    );
    expect(new Set(shown.values()).size).toBe(2);
    expect(shown.get('bbbbbb2')).toBe('Entrance screen (Main entrance) #bbbbbb');
  });
});
