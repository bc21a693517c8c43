import { z } from 'zod';

/**
 * One page of a long list the hub searches, sorts and pages itself (the audit log): the browser
 * never holds more than a page, so 10,000 entries cost what 50 do. `page` counts from 0.
 */
export const ListPageQuery = {
  /** Words the rows must contain (case-insensitive), or nothing. */
  q: z.string().max(200).optional(),
  dir: z.enum(['ascending', 'descending']).optional(),
  page: z.coerce.number().int().min(0).max(1_000_000).default(0),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export interface ListPage<T> {
  rows: T[];
  /** How many rows match the query and filters, across every page. */
  total: number;
  /** The page returned, kept in range (a page past the end returns the last). */
  page: number;
  pageSize: number;
}
