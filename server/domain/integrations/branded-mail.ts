import type { Brand } from '#shared/schemas/mall.ts';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Escaped text with its http(s) links made clickable. */
const withLinks = (line: string) =>
  escape(line).replace(/https?:\/\/[^\s<>"]+/g, (url) => `<a href="${url}" style="color:inherit">${url}</a>`);

/**
 * The HTML part of an email to a shopper: the mall's logo and name on its main colour, then the
 * plain text's paragraphs (the text part stays the email's whole content; this only dresses it).
 * `baseUrl` is the hub's public address, so the logo loads from outside the mall's network.
 */
export function brandedHtml(text: string, mall: { name: string; brand: Brand; baseUrl: string }): string {
  const { brand } = mall;
  const logo = brand.logoUrl ? `<img src="${escape(mall.baseUrl + brand.logoUrl)}" alt="" height="48" style="height:48px;vertical-align:middle;margin-right:12px">` : '';
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 16px">${p.split('\n').map(withLinks).join('<br>')}</p>`)
    .join('\n');
  return `<!doctype html>
<html><body style="margin:0;background:#f4f4f4;font-family:system-ui,sans-serif;color:#1b1f24">
<div style="max-width:600px;margin:0 auto;background:#ffffff">
<div style="background:${brand.primary};color:${brand.primaryInk};padding:16px 24px;border-bottom:4px solid ${brand.accent};font-size:20px;font-weight:bold">${logo}${escape(mall.name)}</div>
<div style="padding:24px;line-height:1.5">
${paragraphs}
</div></div></body></html>`;
}
