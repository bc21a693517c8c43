import { describe, expect, it } from 'vitest';
import { languageName, mixName } from './mix-names.ts';

const mall = {
  zones: [{ id: 'entrance', name: 'Main entrance' }],
  interests: [{ id: 'food', name: 'Eating out' }],
  areas: [{ id: 'riverside', name: 'Riverside' }],
  ageBands: [{ id: '35-44', name: 'Thirties to mid-forties' }],
};

describe('names in a report’s visitor mix', () => {
  it('are the mall’s own names for its zones, interests and home areas', () => {
    expect(mixName('priorZone', 'entrance', mall)).toBe('Main entrance');
    expect(mixName('priorZone', 'none', mall)).toBe('No earlier check-in');
    expect(mixName('segment', 'interest:food', mall)).toBe('Likes Eating out');
    expect(mixName('segment', 'area:riverside', mall)).toBe('Lives in Riverside');
    expect(mixName('segment', 'frequent', mall)).toBe('Frequent shoppers');
    expect(mixName('homeArea', 'riverside', mall)).toBe('Riverside');
    expect(mixName('homeArea', 'not given', mall)).toBe('Not given');
  });

  it('write age bands as ranges and languages by their own names', () => {
    expect(mixName('ageBand', '18-24', mall)).toBe('18–24');
    expect(mixName('ageBand', 'under-18', mall)).toBe('Under 18');
    expect(mixName('ageBand', '65+', mall)).toBe('65 and over');
    // A band the mall named itself (the Mall tab) reads as the mall named it.
    expect(mixName('ageBand', '35-44', mall)).toBe('Thirties to mid-forties');
    expect(['en', 'cy', 'pl', 'hu', 'kk'].map((l) => mixName('language', l, mall))).toEqual(['English', 'Cymraeg', 'Polski', 'Magyar', 'Қазақша']);
    expect(languageName('de')).toBe('Deutsch');
  });

  it('keep an id the mall no longer lists, so a number never loses its row name', () => {
    expect(mixName('segment', 'interest:gone', mall)).toBe('Likes gone');
    expect(mixName('homeArea', 'gone', mall)).toBe('gone');
    expect(languageName('not a tag!')).toBe('not a tag!');
  });
});
