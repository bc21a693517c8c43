import { z } from 'zod';
import { PassId } from './common.ts';
import { ConsentEntry, PassView } from './pass.ts';

/** An operator looks a shopper up by pass id, email or phone, to answer the shopper's request. */
export const ShopperSearchQuery = z.strictObject({ q: z.string().trim().min(3, 'type at least 3 characters').max(200) });
export type ShopperSearchQuery = z.infer<typeof ShopperSearchQuery>;

export const ShopperMatch = z.object({
  passId: PassId,
  firstName: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  visitCount: z.number().int(),
  createdAt: z.string(),
});
export type ShopperMatch = z.infer<typeof ShopperMatch>;

/** Everything held about one shopper, as the operator answering their request sees it. */
export const ShopperRecordView = z.object({ pass: PassView, ledger: z.array(ConsentEntry) });
export type ShopperRecordView = z.infer<typeof ShopperRecordView>;
