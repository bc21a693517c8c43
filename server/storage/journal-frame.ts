import { crc32 } from 'node:zlib';

/**
 * One journal line, framed so damage anywhere in it is seen: `#<bytes> <crc32> <json>\n`, where
 * `<bytes>` is the JSON's length in UTF-8 bytes (decimal) and `<crc32>` its CRC-32 (8 hex digits,
 * node:zlib). Lines written before the framing are bare JSON (`{…}`) and are still read.
 */
export function frameLine(json: string): string {
  const bytes = Buffer.from(json, 'utf8');
  return `#${bytes.length} ${crc32(bytes).toString(16).padStart(8, '0')} ${json}\n`;
}

const FRAME_HEAD = /^#(\d{1,9}) ([0-9a-f]{8}) /;

/** A line of a journal file as read back: its byte offset and either its JSON text or why it is unusable. */
export type ReadLine =
  | { offset: number; end: number; ok: true; json: string; framed: boolean }
  | { offset: number; end: number; ok: false; reason: string };

/**
 * Splits a journal file into lines and checks each: a framed line's length and checksum, a bare
 * (pre-framing) line's JSON syntax. `end` is the offset just past the line's newline. A last line
 * without its newline is never whole: it is reported as unusable ("unfinished").
 */
export function readLines(buf: Buffer): ReadLine[] {
  const out: ReadLine[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    const lineEnd = nl === -1 ? buf.length : nl;
    const end = nl === -1 ? buf.length : nl + 1;
    if (lineEnd === offset) {
      offset = end; // an empty line carries nothing
      continue;
    }
    if (nl === -1) {
      out.push({ offset, end, ok: false, reason: 'unfinished line (no newline)' });
      break;
    }
    out.push(checkLine(buf.subarray(offset, lineEnd), offset, end));
    offset = end;
  }
  return out;
}

function checkLine(line: Buffer, offset: number, end: number): ReadLine {
  if (line[0] === 0x23 /* # */) {
    const head = FRAME_HEAD.exec(line.subarray(0, 24).toString('latin1'));
    if (!head) return { offset, end, ok: false, reason: 'bad frame header' };
    const body = line.subarray(head[0].length);
    if (body.length !== Number(head[1])) return { offset, end, ok: false, reason: `length ${body.length} where the frame says ${head[1]}` };
    if (crc32(body).toString(16).padStart(8, '0') !== head[2]) return { offset, end, ok: false, reason: 'checksum mismatch' };
    return { offset, end, ok: true, json: body.toString('utf8'), framed: true };
  }
  // A line from before the framing: only its syntax can be checked.
  const json = line.toString('utf8');
  try {
    JSON.parse(json);
  } catch {
    return { offset, end, ok: false, reason: 'not JSON' };
  }
  return { offset, end, ok: true, json, framed: false };
}
