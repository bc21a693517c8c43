import { DEFAULT_BRAND, inkFor } from '#shared/brand.ts';
import mjml2html from 'mjml';
import type { MailBlock, MailBrand, MailContent } from '#shared/mail/content.ts';

/**
 * The HTML part of a shopper's email, drawn with MJML: it turns a short, readable template into
 * the table layout, inline styles and Outlook fallbacks mail apps need, and lays it out for a
 * phone as for a desktop. Every string from the content is escaped here; nothing is taken as markup.
 */

/** When the mall has no colours of its own: the house colour every app uses. */
const HOUSE_PRIMARY = DEFAULT_BRAND.primary;
const INK = '#1b1f24';
const MUTED = '#4a5461';
/** System fonts first, then CJK families, so Chinese reads in every mail app that has one. */
const FONTS = "-apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', Arial, sans-serif";

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
/** Text with its line breaks kept. */
const lines = (s: string) => escape(s).replace(/\r?\n/g, '<br />');

/** White or near-black, whichever reads better on `hex` (the brand's own rule, shared/brand.ts). */
const inkOn = (hex: string): string => inkFor(hex).ink;

function block(b: MailBlock, primary: string): string {
  switch (b.kind) {
    case 'heading':
      return `<mj-text font-size="24px" font-weight="700" line-height="1.25">${lines(b.text)}</mj-text>`;
    case 'paragraph':
      return `<mj-text>${lines(b.text)}</mj-text>`;
    case 'title':
      return `<mj-text font-size="28px" font-weight="800" line-height="1.2" padding-top="16px">${lines(b.text)}</mj-text>`;
    case 'image':
      return `<mj-image src="${escape(b.url)}" alt="" padding="12px 24px" border-radius="8px" />`;
    case 'button':
      return `<mj-button href="${escape(b.url)}" background-color="${primary}" color="${inkOn(primary)}" font-size="17px" font-weight="700" border-radius="8px" inner-padding="14px 28px" padding="20px 24px">${escape(b.label)}</mj-button>`;
    case 'list':
      return [
        `<mj-text font-weight="700" padding-top="20px">${lines(b.title)}</mj-text>`,
        `<mj-text padding-top="0"><ul style="margin:0;padding-left:20px">${b.items.map((i) => `<li style="margin:0 0 6px">${lines(i)}</li>`).join('')}</ul></mj-text>`,
      ].join('\n');
    case 'scale':
      return [
        `<mj-text align="center" padding-top="16px">${b.links
          .map((l) => `<a href="${escape(l.url)}" style="display:inline-block;min-width:32px;margin:2px;padding:10px 4px;border-radius:6px;background:${primary};color:${inkOn(primary)};font-weight:700;text-decoration:none">${escape(l.label)}</a>`)
          .join('')}</mj-text>`,
        `<mj-text font-size="13px" color="${MUTED}" padding-top="0">${escape(b.low)} (0) · ${escape(b.high)} (10)</mj-text>`,
      ].join('\n');
    case 'small':
      return `<mj-text font-size="13px" color="${MUTED}" padding-top="24px">${lines(b.text)}${b.link ? `<br /><a href="${escape(b.link.url)}" style="color:${MUTED}">${escape(b.link.label)}</a>` : ''}</mj-text>`;
  }
}

/** The MJML source of an email: the mall's header (logo or name), the blocks, the signature. */
export function mailMjml(c: MailContent, brand: MailBrand): string {
  const primary = brand.primary && /^#[0-9a-f]{6}$/i.test(brand.primary) ? brand.primary.toLowerCase() : HOUSE_PRIMARY;
  const header = brand.logoUrl
    ? `<mj-image src="${escape(brand.logoUrl)}" alt="${escape(brand.mallName)}" width="180px" align="left" padding="20px 24px" />`
    : `<mj-text color="${inkOn(primary)}" font-size="22px" font-weight="800" padding="20px 24px">${escape(brand.mallName)}</mj-text>`;
  return `<mjml lang="${escape(c.lang)}">
  <mj-head>
    <mj-title>${escape(c.subject)}</mj-title>
    <mj-preview>${escape(c.preheader)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="${FONTS}" />
      <mj-text font-size="16px" line-height="1.5" color="${INK}" padding="8px 24px" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f2f3f5" width="600px">
    <mj-section background-color="${primary}" padding="0">
      <mj-column>${header}</mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="16px 0 24px">
      <mj-column>
${c.blocks.map((b) => block(b, primary)).join('\n')}
      </mj-column>
    </mj-section>
    <mj-section padding="12px 0">
      <mj-column><mj-text font-size="12px" color="${MUTED}" align="center">${escape(c.signature)}</mj-text></mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

/**
 * The HTML part. Throws if MJML finds the template itself broken (a programming error: every
 * value is escaped, so a shopper's or operator's text cannot break it).
 */
export async function mailHtml(c: MailContent, brand: MailBrand): Promise<string> {
  const out = await mjml2html(mailMjml(c, brand), { validationLevel: 'strict', keepComments: false });
  return out.html;
}
