/**
 * Answers a byte-range request from a full response held in the Cache API. Chromium's <video>
 * asks for ranges (`bytes=0-`, then seeks), and a service worker that hands it the whole 200
 * instead breaks seeking and looping; so the cached copy is sliced (a Blob slice: no copy of the
 * file in memory) and sent as 206 with its Content-Range, or 416 when the range lies outside it.
 *
 * `rangeHeader` null: the full response as it is.
 */
export async function answerRange(full: Response, rangeHeader: string | null): Promise<Response> {
  if (!rangeHeader) return full;
  const blob = await full.blob();
  const size = blob.size;
  const type = full.headers.get('content-type') ?? blob.type ?? 'application/octet-stream';
  const range = parseRange(rangeHeader, size);
  if (!range) return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}`, 'accept-ranges': 'bytes' } });
  const [start, end] = range;
  return new Response(blob.slice(start, end + 1, type), {
    status: 206,
    headers: {
      'content-type': type,
      'content-length': String(end - start + 1),
      'content-range': `bytes ${start}-${end}/${size}`,
      'accept-ranges': 'bytes',
    },
  });
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → inclusive [start, end] within `size`; null if unsatisfiable or several ranges. */
export function parseRange(header: string, size: number): [number, number] | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '') || size === 0) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return null;
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return null;
  return [start, end];
}
