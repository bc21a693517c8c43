import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { enrolByTap } from '#server/testing/enrol.ts';
import { testCard } from '#server/testing/cards.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { smtpSink } from '#server/testing/smtp-sink.ts';

/** The mail as text: quoted-printable soft breaks and escapes undone. */
const textOf = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

describe('emails to shoppers carry the mall brand', () => {
  const ctx = operatorHub({ testOnlyAllowLoopbackOutbound: true, publicUrl: 'https://northgate.example' });

  it('the welcome email has an HTML part with the logo (on the public address), the name and the main colour, beside the plain text', async () => {
    const { hub, cookie } = ctx;
    const sink = await smtpSink();
    try {
      await hub.api('/api/settings/smtp', { cookie, body: { host: '127.0.0.1', port: sink.port, secure: false, from: 'pass@northgate.example' } });
      await hub.api('/api/mall', { cookie, method: 'PUT', body: { name: 'Northgate Centre' } });
      await hub.api('/api/mall/brand', { cookie, method: 'PUT', body: { primary: '#7a1f3d', accent: '#f2c14e' } });
      const logo = await sharp({ create: { width: 240, height: 80, channels: 3, background: '#7a1f3d' } }).png().toBuffer();
      const uploaded = await fetch(`${hub.url}/api/mall/logo`, { method: 'PUT', headers: { cookie, 'content-type': 'image/png' }, body: new Blob([new Uint8Array(logo)]) });
      const { logoUrl } = (await uploaded.json()) as { logoUrl: string };

      const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance', 'Kiosk', cookie)).token });
      await enrolByTap(kiosk, testCard(7), { email: 'ola@example.com', consents: { marketing_email: true } });
      await vi.waitFor(() => expect(sink.mails).toHaveLength(1), { timeout: 5000 });
      const mail = textOf(sink.mails[0].raw);
      expect(mail).toContain('Content-Type: text/plain');
      expect(mail).toContain('Welcome to the Northgate Centre pass.');
      expect(mail).toContain('Content-Type: text/html');
      expect(mail).toContain(`src="https://northgate.example${logoUrl}"`);
      expect(mail).toContain('background:#7a1f3d;color:#ffffff');
      expect(mail).toMatch(/<a href="https:\/\/northgate\.example\/pass\/[A-Za-z0-9_-]{22}"/);
    } finally {
      await sink.close();
    }
  });
});
