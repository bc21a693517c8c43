import { randomUUID } from 'node:crypto';
import { cp, readdir, readFile, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCard } from '#server/testing/cards.ts';
import { crashHubEach } from '#server/testing/crash.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { hubClient, request } from '#server/testing/test-hub.ts';

/** Where a check-in's frame lies in the journal: its file and byte range, and the streams it holds. */
interface Frame {
  file: string;
  start: number;
  end: number;
  streams: string[];
  /** The byte where the summary's change begins inside the frame (the seam two lines used to have). */
  seam: number;
}

/** Finds the journal line holding visit `visitId`, if a checkpoint has not moved it into the files yet. */
async function frameOf(mallDir: string, visitId: string): Promise<Frame | null> {
  const dir = join(mallDir, 'journal');
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.log'))) {
    const buf = await readFile(join(dir, name));
    let start = 0;
    while (start < buf.length) {
      const end = buf.indexOf(0x0a, start) + 1;
      const line = buf.subarray(start, end).toString('utf8');
      if (line.includes(visitId)) {
        const entry = JSON.parse(line.replace(/^#\d+ [0-9a-f]{8} /, '')) as { t?: { s: string }[]; s?: string };
        const seam = start + Buffer.byteLength(line.slice(0, line.indexOf('{"s":"shoppers"')));
        return { file: join(dir, name), start, end, streams: entry.t ? entry.t.map((c) => c.s) : [entry.s!], seam };
      }
      start = end;
    }
  }
  return null;
}

// Starts the hub as a process a dozen times; allow for a busy machine.
describe('a check-in torn by a crash (hub as a real process, kill -9, the journal cut inside its frame)', { timeout: 240_000 }, () => {
  const crash = crashHubEach('checkin-crash');

  it('after any cut the summary counts only stored visits, and the acknowledged check-in is all there', async () => {
    const { hub, mallDir, dataRoot } = crash;
    const card = testCard(401);
    let passId = '';
    let visitId = '';
    let frame: Frame | null = null;
    // A checkpoint (every 5 s) may move the frame into the files between the ack and the kill: then tap again.
    for (let attempt = 0; attempt < 3 && !frame; attempt++) {
      await hub.start();
      const client = hubClient(hub.url);
      const kiosk = await client.socket({ token: (await client.pair('kiosk', 'entrance', 'Kiosk', await hub.login())).token });
      if (!passId) passId = (await enrolByTap(kiosk, card)).passId;
      visitId = randomUUID();
      const tap = await request<any>(kiosk, 'checkin:tap', { visitId, card });
      expect(tap.data).toMatchObject({ status: 'welcome', duplicate: false });
      client.closeSockets();
      await hub.kill();
      frame = await frameOf(mallDir, visitId);
    }
    expect(frame).not.toBeNull();
    const { file, start, end, streams, seam } = frame!;
    // One frame holds both the visit and the summary that counts it.
    expect(streams).toEqual(['visits', 'shoppers']);
    // The cuts below tear the newest append, so the frame must be the journal's last line. After
    // the ack the visit's followers may have appended their own frames (rewards: its note, cards
    // and report row; feedback: its note and message); a crash inside the check-in's frame would have come before it, so it goes first.
    const after = (await readFile(file)).subarray(end).toString('utf8').split('\n').filter(Boolean);
    const streamsOf = (line: string) => {
      const entry = JSON.parse(line.replace(/^#\d+ [0-9a-f]{8} /, '')) as { t?: { s: string }[]; s?: string };
      return entry.t ? entry.t.map((c) => c.s) : [entry.s!];
    };
    expect(after.flatMap(streamsOf).every((stream) => ['rewards', 'rewardVisits', 'feedback'].includes(stream))).toBe(true);
    await truncate(file, end);

    const pristine = join(dataRoot, '..', `${dataRoot.split('/').at(-1)}-pristine`);
    await cp(mallDir, pristine, { recursive: true });
    try {
      // A representative set: none of the frame, inside its header, inside the visit, the seam
      // before the summary, inside the summary, all but the newline, and the whole frame.
      const cuts = [start, start + 1, start + 20, Math.floor((start + seam) / 2), seam, seam + 1, Math.floor((seam + end) / 2), end - 1, end];
      for (const cut of cuts) {
        await rm(mallDir, { recursive: true, force: true });
        await cp(pristine, mallDir, { recursive: true });
        await truncate(file, cut);
        await hub.start();
        const exported = (await hubClient(hub.url).api(`/api/pass/${passId}/export`)).body as { profile: { visitCount: number }; visits: { id: string }[] };
        await hub.kill();
        const ids = exported.visits.map((v) => v.id);
        // Never a summary counting a visit that is not stored, whatever the cut.
        expect({ cut, visitCount: exported.profile.visitCount }).toEqual({ cut, visitCount: ids.length });
        // The whole frame is the acknowledged check-in: nothing of it is lost. Any less is an
        // append a crash cut short before its ack: none of it counts.
        expect({ cut, tapStored: ids.includes(visitId) }).toEqual({ cut, tapStored: cut === end });
      }
    } finally {
      await rm(pristine, { recursive: true, force: true });
    }
  });
});
