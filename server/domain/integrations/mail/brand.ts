import type { MailBrand } from '#shared/mail/content.ts';
import type { MallRecord } from '#server/storage/records.ts';
import { toBrand } from '../../mall/wire.ts';

/**
 * The mall as its emails show it: its name, its main colour (the house colour until an operator
 * sets one) and its logo when there is one. `publicUrl`: where phones reach the hub, so a mail app
 * can fetch the logo from the hub's `/brand/…` (served to anyone, see server/http/app.ts).
 */
export function mailBrandOf(mall: MallRecord, publicUrl: string): MailBrand {
  const brand = toBrand(mall);
  return {
    mallName: mall.name,
    primary: brand.primary,
    ...(brand.logoUrl ? { logoUrl: `${publicUrl}${brand.logoUrl}` } : {}),
  };
}
