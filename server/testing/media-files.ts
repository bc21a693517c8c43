import { execFile } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Makes a real video with ffmpeg for tests: a moving test pattern (and a tone unless `silent`).
 * `codec`: 'h264' (MP4 with AAC), 'hevc' (MP4, x265), 'vp9' (WebM with Opus).
 * `seconds: 0` makes a file with no frames. `fps` and `size` keep long videos tiny (a 3-hour video at 1 fps and 16×16 is a few hundred KB).
 */
export async function makeVideo(out: string, opts: { seconds: number; codec?: 'h264' | 'hevc' | 'vp9'; fps?: number; size?: string; silent?: boolean }): Promise<string> {
  const { seconds, codec = 'h264', fps = 25, size = '320x240', silent = false } = opts;
  const video = codec === 'h264' ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'] : codec === 'hevc' ? ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error'] : ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8'];
  const audio = silent ? ['-an'] : codec === 'vp9' ? ['-c:a', 'libopus'] : ['-c:a', 'aac'];
  const inputs = ['-f', 'lavfi', '-i', `testsrc=size=${size}:rate=${fps}`, ...(silent ? [] : ['-f', 'lavfi', '-i', 'sine=frequency=440'])];
  // 0 seconds: a file with its header and no frames at all.
  const length = seconds === 0 ? ['-frames:v', '0'] : ['-t', String(seconds)];
  await run('ffmpeg', ['-v', 'error', ...inputs, ...length, ...video, ...audio, '-y', out], { timeout: 120_000 });
  return out;
}

/**
 * A PNG whose header says `width`×`height` but whose pixel data is a single deflated row: the
 * shape of a decompression bomb, without spending gigabytes to make one.
 */
export function pngHeaderBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.alloc(1 + width * 3);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(row)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
