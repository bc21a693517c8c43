import { describe, expect, it } from 'vitest';
import { passIdFrom } from './pass-code.ts';

describe('passIdFrom', () => {
  const id = 'AbCdEfGhIjKlMnOpQrStUv';
  it('reads a bare pass id or a pass page URL', () => {
    expect(passIdFrom(id)).toBe(id);
    expect(passIdFrom(` ${id}\n`)).toBe(id);
    expect(passIdFrom(`https://mall.example/pass/${id}`)).toBe(id);
    expect(passIdFrom(`http://127.0.0.1:8080/pass/${id}?lang=pl`)).toBe(id);
  });
  it('ignores anything else', () => {
    expect(passIdFrom('5012345678900')).toBeNull();
    expect(passIdFrom(`https://elsewhere.example/x/${id}x`)).toBeNull();
    expect(passIdFrom('')).toBeNull();
  });
});
