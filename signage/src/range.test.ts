import { describe, expect, it } from 'vitest';
import { answerRange, parseRange } from './range.ts';

const full = () => new Response(new Uint8Array(Array.from({ length: 1000 }, (_, i) => i % 256)), { headers: { 'content-type': 'video/mp4', 'content-length': '1000' } });

describe('range answers from a cached full response', () => {
  it('serves 206 with the asked bytes and their Content-Range', async () => {
    const res = await answerRange(full(), 'bytes=100-199');
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(res.headers.get('content-length')).toBe('100');
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.length).toBe(100);
    expect(bytes[0]).toBe(100);
    expect(bytes[99]).toBe(199);
  });

  it('open-ended and suffix ranges, as <video> asks them', async () => {
    const open = await answerRange(full(), 'bytes=0-');
    expect([open.status, open.headers.get('content-range')]).toEqual([206, 'bytes 0-999/1000']);
    const tail = await answerRange(full(), 'bytes=-10');
    expect(tail.headers.get('content-range')).toBe('bytes 990-999/1000');
    expect(parseRange('bytes=500-5000', 1000)).toEqual([500, 999]);
  });

  it('a range past the end is 416 with the size; no range is the full 200', async () => {
    const past = await answerRange(full(), 'bytes=1000-1100');
    expect([past.status, past.headers.get('content-range')]).toEqual([416, 'bytes */1000']);
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect((await answerRange(full(), null)).status).toBe(200);
  });
});
