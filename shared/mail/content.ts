/**
 * An email as blocks of content, made once and drawn twice: as the plain-text part (here, so the
 * panel's preview shows exactly what is sent) and as the HTML part (the hub, with MJML:
 * server/domain/integrations/mail/html.ts). Every string in a block is plain text; the HTML side
 * escapes it.
 */
export type MailBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  /** A promotion's own title: large. */
  | { kind: 'title'; text: string }
  /** `label` names the link in the plain-text part. */
  | { kind: 'image'; url: string; label: string }
  | { kind: 'button'; label: string; url: string }
  | { kind: 'list'; title: string; items: string[] }
  /** A row of one-tap answers (the 0–10 recommend scale): each a number and its link. */
  | { kind: 'scale'; low: string; high: string; links: { label: string; url: string }[] }
  /** The small print at the foot: why this mail came and the way out. */
  | { kind: 'small'; text: string; link?: { label: string; url: string } };

export interface MailContent {
  subject: string;
  /** BCP 47 tag of the words, for the HTML part's `lang`. */
  lang: string;
  /** The line mail apps show beside the subject. */
  preheader: string;
  blocks: MailBlock[];
  /** "Sent by …": the mall, at the foot of both parts. */
  signature: string;
  /** For the List-Unsubscribe header, when the mail is marketing. */
  unsubscribeUrl?: string;
}

/** The mall as an email shows it: its name, and its colours and logo when it has them. */
export interface MailBrand {
  mallName: string;
  /** "#rrggbb": the header band and buttons. */
  primary?: string | undefined;
  /** Absolute URL of the mall's logo. */
  logoUrl?: string | undefined;
}

/** The plain-text part: the same blocks, links written out after their labels. */
export function mailText(c: MailContent): string {
  // Chinese writes a full-width colon, with no space after it.
  const link = (label: string, url: string) => (c.lang.startsWith('zh') ? `${label}：${url}` : `${label}: ${url}`);
  const out: string[] = [];
  for (const b of c.blocks) {
    if (b.kind === 'heading' || b.kind === 'paragraph' || b.kind === 'title') out.push(b.text);
    else if (b.kind === 'image' || b.kind === 'button') out.push(link(b.label, b.url));
    else if (b.kind === 'scale') out.push([`${b.low} (0) … ${b.high} (10)`, ...b.links.map((l) => link(l.label, l.url))].join('\n'));
    else if (b.kind === 'list') out.push([b.title, ...b.items.map((i) => `- ${i}`)].join('\n'));
    else out.push(b.link ? `${b.text}\n${link(b.link.label, b.link.url)}` : b.text);
  }
  out.push(`-- \n${c.signature}`);
  return out.join('\n\n');
}
