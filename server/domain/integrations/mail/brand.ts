import type { MailBrand } from '#shared/mail/content.ts';
import type { MallRecord } from '#server/storage/records.ts';

/**
 * Where the mall's logo files are served (the brand work keeps them in the mall's `brand/` folder
 * and serves them to anyone at this path, as the pass page and emails show them).
 */
const BRAND_PATH = '/brand';

/** The mall's brand as stored, when the mall has one: colours ("#rrggbb") and the logo's file name. */
interface StoredBrand {
  primary?: string;
  accent?: string;
  logo?: string;
}

/**
 * The mall as its emails show it: its name, and its brand colour and logo when an operator set
 * them (read if present: malls without a brand get the house colours). `publicUrl`: where phones
 * reach the hub, so a mail app can fetch the logo.
 */
export function mailBrandOf(mall: MallRecord, publicUrl: string): MailBrand {
  const brand = (mall as MallRecord & { brand?: StoredBrand }).brand;
  return {
    mallName: mall.name,
    ...(brand?.primary ? { primary: brand.primary } : {}),
    ...(brand?.logo ? { logoUrl: `${publicUrl}${BRAND_PATH}/${encodeURIComponent(brand.logo)}` } : {}),
  };
}
