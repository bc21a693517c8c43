import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { enrolByTap } from '#server/testing/enrol.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { newCardUid } from '#server/testing/signage.ts';
import { toCsv } from './csv.ts';

// OWASP's CSV injection rule: a spreadsheet runs a cell that starts with = + - @, a tab or a CR
// as a formula, so such text cells go out with a leading apostrophe.
describe('CSV exports', () => {
  const mall = operatorHub();

  it('neutralise text cells a spreadsheet would read as a formula, and keep numbers as numbers', async () => {
    const { hub, cookie } = mall;
    const titles = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-3+4', '@SUM(A1)', 'Plain title'];
    for (const title of titles) {
      const made = await hub.api('/api/promotions', { cookie, body: { title, tenantId: 'bean-there', schedule: { from: '2025-01-01' } } });
      expect(made.status, title).toBe(201);
    }
    const today = new Date().toISOString().slice(0, 10);
    const shop = await hub.login('bean-there', 'atrium-demo');
    const res = await fetch(`${hub.url}/api/tenant/reports.csv?from=${today}&to=${today}&table=promotions`, { headers: { cookie: shop } });
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const title of titles.slice(0, -1)) {
      const quoted = `'${title}`.replaceAll('"', '""');
      expect(text, JSON.stringify(title)).toMatch(new RegExp(`(^|\\r\\n)"?${quoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?,`));
    }
    expect(text).toContain('\r\nPlain title,');
    // No line starts with a bare formula character.
    for (const line of text.split('\r\n')) expect(line).not.toMatch(/^"?[=+\-@\t\r]/);
  });

  it('cover a leading tab or carriage return too (titles are trimmed, so straight through the writer)', () => {
    expect(toCsv([['\t=1+1', '\r=1+1', 'a\tb', -2, 0.5]])).toBe(`'\t=1+1,"'\r=1+1",a\tb,-2,0.5\r\n`);
  });
});

describe('the visitor mix CSV', () => {
  const mall = operatorHub({ k: 2, timezone: 'UTC' });

  it('names each row as the report page does: the mall’s names, languages by their own names, beside the ids', async () => {
    const { hub } = mall;
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
    const shop = await hub.login('bean-there', 'atrium-demo');
    for (const card of [newCardUid(), newCardUid()]) {
      const { passId } = await enrolByTap(kiosk, card, { language: 'cy', homeArea: 'riverside', ageBand: '25-34', interests: ['food'] });
      expect((await hub.api('/api/till/visits', { cookie: shop, body: { visitId: randomUUID(), passId } })).body.recorded).toBe(true);
    }
    kiosk.close();
    const today = new Date().toISOString().slice(0, 10);
    const res = await hub.api(`/api/tenant/reports.csv?from=${today}&to=${today}&table=mix`, { cookie: shop });
    const lines = String(res.body).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('dimension,value,name,visitors');
    // The mall's own name for the band (the demo keeps the id as its name).
    expect(lines).toContain('Age band,25-34,25-34,2');
    expect(lines).toContain('Home area,riverside,Riverside,2');
    expect(lines).toContain('Language,cy,Cymraeg,2');
    expect(lines).toContain('Segment (overlapping),interest:food,Likes Eating out,2');
  });
});
