import type { EventDef } from './event.ts';
import { checkinEvents } from './handlers/checkin.ts';
import { opsEvents } from './handlers/ops.ts';
import { presenceEvents } from './handlers/presence.ts';
import { signageEvents } from './handlers/signage.ts';

/** Every client→server socket event. Add a concern's file here; the access test walks this list. */
export const socketEvents: readonly EventDef[] = [...checkinEvents, ...presenceEvents, ...signageEvents, ...opsEvents];
