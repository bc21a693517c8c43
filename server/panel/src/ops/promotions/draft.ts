import type { Promotion, PromotionInput } from '#shared/schemas/promotions.ts';
import { LANGUAGES } from '#shared/constants.ts';

/** A title and text box for every kiosk language, filled from what the promotion has. */
const allLanguages = (given: Partial<Record<string, { title: string; text?: string }>>) =>
  Object.fromEntries(LANGUAGES.map((lang) => [lang, { title: given[lang]?.title ?? '', text: given[lang]?.text ?? '' }]));

/** The editor's working copy: every field present, empty strings for "not set". */
export interface Draft {
  title: string;
  text: string;
  imageUrl: string;
  /** An item of the media library ('' for none), and how its video plays. */
  mediaId: string;
  mediaPlay: 'loop' | 'once';
  tenantId: string;
  colours: { background: string; text: string };
  segments: string[];
  minAudience: number;
  zones: string[];
  screens: string[];
  audienceScope: 'zone' | 'mall';
  audienceLabel: string;
  schedule: { from: string; to: string; days: number[]; dayParts: { start: string; end: string }[] };
  priority: number;
  durationSeconds: number;
  house: boolean;
  /** Not in the form; carried so that an edit keeps what the promotion had. */
  redemptionsPerShopper: number;
  offerEmail: { enabled: boolean; subject: string; text: string };
  offerSms: { enabled: boolean; text: string };
  groups: string[];
  outsideHours: boolean;
  /** Per kiosk language; a language with an empty title is left out when sent. */
  translations: Record<string, { title: string; text: string }>;
}

const localToday = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function emptyDraft(): Draft {
  return {
    title: '',
    text: '',
    imageUrl: '',
    mediaId: '',
    mediaPlay: 'loop',
    tenantId: '',
    colours: { background: '#20324a', text: '#fdf8ef' },
    segments: [],
    minAudience: 0,
    zones: [],
    screens: [],
    audienceScope: 'zone',
    audienceLabel: '',
    schedule: { from: localToday(), to: '', days: [], dayParts: [] },
    priority: 5,
    durationSeconds: 10,
    house: false,
    redemptionsPerShopper: 1,
    offerEmail: { enabled: false, subject: '', text: '' },
    offerSms: { enabled: false, text: '' },
    groups: [],
    outsideHours: false,
    translations: allLanguages({}),
  };
}

export function draftOf(p: Promotion): Draft {
  return {
    title: p.title,
    text: p.text,
    imageUrl: p.imageUrl ?? '',
    mediaId: p.media?.id ?? '',
    mediaPlay: p.media?.play ?? 'loop',
    tenantId: p.tenantId ?? '',
    colours: { ...p.colours },
    segments: [...p.segments],
    minAudience: p.minAudience,
    zones: [...p.zones],
    screens: [...p.screens],
    audienceScope: p.audienceScope,
    audienceLabel: p.audienceLabel ?? '',
    schedule: { from: p.schedule.from, to: p.schedule.to ?? '', days: [...p.schedule.days], dayParts: p.schedule.dayParts.map((d) => ({ ...d })) },
    priority: p.priority,
    durationSeconds: p.durationSeconds,
    house: p.house,
    redemptionsPerShopper: p.redemptionsPerShopper,
    offerEmail: { ...p.offerEmail },
    offerSms: { ...p.offerSms },
    groups: [...p.groups],
    outsideHours: p.outsideHours,
    translations: allLanguages(p.translations),
  };
}

/** What the hub is sent: unset optional fields left out, so the shared schema sees them as absent. */
export function inputOf(d: Draft): PromotionInput {
  const opt = <K extends string>(key: K, v: string) => (v.trim() ? ({ [key]: v.trim() } as Record<K, string>) : {});
  return {
    title: d.title,
    text: d.text,
    ...opt('imageUrl', d.imageUrl),
    ...(d.mediaId ? { media: { id: d.mediaId, play: d.mediaPlay } } : {}),
    ...opt('tenantId', d.tenantId),
    colours: { ...d.colours },
    segments: [...d.segments],
    minAudience: Number(d.minAudience),
    zones: [...d.zones],
    screens: [...d.screens],
    audienceScope: d.audienceScope,
    ...opt('audienceLabel', d.audienceLabel),
    schedule: { from: d.schedule.from, ...opt('to', d.schedule.to), days: [...d.schedule.days], dayParts: d.schedule.dayParts.map((p) => ({ ...p })) },
    priority: Number(d.priority),
    durationSeconds: Number(d.durationSeconds),
    house: d.house,
    redemptionsPerShopper: Number(d.redemptionsPerShopper),
    offerEmail: { ...d.offerEmail },
    offerSms: { ...d.offerSms },
    groups: [...d.groups],
    outsideHours: d.outsideHours,
    translations: Object.fromEntries(Object.entries(d.translations).filter(([, w]) => w.title.trim()).map(([lang, w]) => [lang, { title: w.title, text: w.text }])),
  };
}
