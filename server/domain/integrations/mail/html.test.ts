import { DEFAULT_BRAND } from '#shared/brand.ts';
import { describe, expect, it } from 'vitest';
import type { MailContent } from '#shared/mail/content.ts';
import { mailText } from '#shared/mail/content.ts';
import type { MallRecord } from '#server/storage/records.ts';
import { mailBrandOf } from './brand.ts';
import { mailHtml } from './html.ts';

const content: MailContent = {
  subject: 'Your pass',
  lang: 'cy',
  preheader: 'Croeso',
  blocks: [
    { kind: 'heading', text: 'Croeso i Ganolfan "Y Bont"' },
    { kind: 'paragraph', text: 'Line one\nLine two' },
    { kind: 'button', label: 'Agor fy nhocyn', url: 'https://mall.example/pass/abc?x=1&y=2' },
  ],
  signature: 'Anfonwyd gan Y Bont',
};

const mall = (brand?: { primary?: string; logo?: string }) =>
  ({ id: 'bont', name: 'Y Bont', zones: [], tenants: [], interests: [], areas: [], createdAt: '2026-01-01T00:00:00.000Z', ...(brand ? { brand } : {}) }) as MallRecord;

describe('email HTML', () => {
  it('draws the mall’s name in the house colours when the mall has no brand', async () => {
    const brand = mailBrandOf(mall(), 'https://mall.example');
    expect(brand).toEqual({ mallName: 'Y Bont', primary: DEFAULT_BRAND.primary });
    const html = await mailHtml(content, brand);
    expect(html).toContain('lang="cy"');
    expect(html).toContain(DEFAULT_BRAND.primary);
    expect(html).toContain('>Y Bont<');
    expect(html).toContain('Croeso i Ganolfan &quot;Y Bont&quot;');
    expect(html).toContain('Line one<br />Line two');
    expect(html).toContain('href="https://mall.example/pass/abc?x=1&amp;y=2"');
  });

  it('uses the mall’s logo and colour when it has them, with text that reads on that colour', async () => {
    const brand = mailBrandOf(mall({ primary: '#f5c518', logo: 'logo-abc.png' }), 'https://mall.example');
    expect(brand).toEqual({ mallName: 'Y Bont', primary: '#f5c518', logoUrl: 'https://mall.example/brand/logo-abc.png' });
    const html = await mailHtml(content, brand);
    expect(html).toMatch(/<img[^>]+alt="Y Bont"[^>]+src="https:\/\/mall\.example\/brand\/logo-abc\.png"/);
    // A light yellow takes dark text on its button; a dark blue takes white.
    expect(html).toMatch(/background:#f5c518[^>]*>[\s\S]{0,400}color:#111827/);
    const dark = await mailHtml(content, { mallName: 'Y Bont', primary: '#0b5cad' });
    expect(dark).toMatch(/background:#0b5cad[^>]*>[\s\S]{0,400}color:#ffffff/);
  });

  it('writes the same blocks as plain text, links after their labels, signed by the mall', () => {
    expect(mailText(content)).toBe(
      'Croeso i Ganolfan "Y Bont"\n\nLine one\nLine two\n\nAgor fy nhocyn: https://mall.example/pass/abc?x=1&y=2\n\n-- \nAnfonwyd gan Y Bont',
    );
  });
});
