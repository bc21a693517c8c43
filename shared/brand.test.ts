import { describe, expect, it } from 'vitest';
import { contrast, DARK_INK, inkFor, LIGHT_INK, unreadableMain, unreadableOn } from './brand.ts';

describe('brand colours and readable text (WCAG 2)', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#ffffff')).toBe(1);
    // The well-known borderline: #767676 on white just passes AA, #777777 just fails.
    expect(contrast('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('picks white text on dark colours and dark text on light ones', () => {
    expect(inkFor('#0b5cad').ink).toBe(LIGHT_INK);
    expect(inkFor('#f2c14e').ink).toBe(DARK_INK);
  });

  it('refuses mid-tones for either colour, and light colours for the main one, saying the ratios', () => {
    expect(unreadableOn('#808080')).toMatch(/white reaches 3\.9:1 and dark text 4\.\d:1/);
    expect(unreadableOn('#f2c14e')).toBeNull();
    expect(unreadableMain('#f2c14e')).toMatch(/pick a darker colour/);
    expect(unreadableMain('#0b5cad')).toBeNull();
  });
});
