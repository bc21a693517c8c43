import { chromium, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config.ts';

/**
 * A Chromium whose camera shows a QR code: the code is drawn to a PNG, turned into a y4m video
 * by ffmpeg (as DESIGN.md measured: 200 px code in a 640×480 frame, inside a 250 px qrbox) and
 * fed to Chromium's fake capture device; `inverted` shows it white on black.
 */
export async function launchWithQrCamera(text: string, { inverted = false }: { inverted?: boolean } = {}): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-qr-'));
  const png = join(dir, 'qr.png');
  const y4m = join(dir, 'qr.y4m');
  await QRCode.toFile(png, text, { margin: 2, width: 200 });
  execFileSync('ffmpeg', [
    '-loglevel', 'error', '-y', '-loop', '1', '-i', png, '-t', '3', '-r', '10',
    // Inverted: white modules on black, as phones in some dark modes and some printed passes show it.
    '-vf', `format=rgb24,scale=200:200:flags=neighbor,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white${inverted ? ',negate' : ''}`,
    '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', y4m,
  ]);
  return chromium.launch({
    ...(CHROMIUM_PATH ? { executablePath: CHROMIUM_PATH } : {}),
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
  });
}
