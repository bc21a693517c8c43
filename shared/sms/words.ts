import type { Language } from '../schemas/shoppers.ts';

/**
 * The texts Atrium sends shoppers by SMS, in the six shopper languages. Short on purpose: a text
 * in Polish, Hungarian, Kazakh or Chinese goes as UCS-2, 70 characters a part (67 when joined).
 * `{stop}` is the mall's STOP keyword, which shoppers reply with to get no more texts.
 */
export interface SmsWords {
  /** `reward`: the shopper's nearest reward, a line already in this language. */
  welcome: (v: { mall: string; name?: string; reward?: string; url: string; stop: string }) => string;
  feedback: (v: { mall: string; url: string; stop: string }) => string;
  offer: (v: { mall: string; title: string; url: string; stop: string }) => string;
}

export const SMS_WORDS: Record<Language, SmsWords> = {
  en: {
    welcome: (v) => `${v.mall}: welcome${v.name ? `, ${v.name}` : ''}! ${v.reward ? `${v.reward}. ` : ''}Your pass: ${v.url} Reply ${v.stop} to stop texts.`,
    feedback: (v) => `${v.mall}: how was your visit? Score it 0-10: ${v.url} Reply ${v.stop} to stop texts.`,
    offer: (v) => `${v.mall}: ${v.title} ${v.url} Reply ${v.stop} to stop texts.`,
  },
  cy: {
    welcome: (v) => `${v.mall}: croeso${v.name ? `, ${v.name}` : ''}! ${v.reward ? `${v.reward}. ` : ''}Eich tocyn: ${v.url} Atebwch ${v.stop} i atal negeseuon.`,
    feedback: (v) => `${v.mall}: sut oedd eich ymweliad? Rhowch sgôr 0-10: ${v.url} Atebwch ${v.stop} i atal negeseuon.`,
    offer: (v) => `${v.mall}: ${v.title} ${v.url} Atebwch ${v.stop} i atal negeseuon.`,
  },
  zh: {
    welcome: (v) => `${v.mall}：欢迎${v.name ? `，${v.name}` : ''}！${v.reward ? `${v.reward}。` : ''}您的会员卡：${v.url} 回复 ${v.stop} 退订短信。`,
    feedback: (v) => `${v.mall}：您对这次光临满意吗？请打分 0-10：${v.url} 回复 ${v.stop} 退订短信。`,
    offer: (v) => `${v.mall}：${v.title} ${v.url} 回复 ${v.stop} 退订短信。`,
  },
  kk: {
    welcome: (v) => `${v.mall}: қош келдіңіз${v.name ? `, ${v.name}` : ''}! ${v.reward ? `${v.reward}. ` : ''}Картаңыз: ${v.url} SMS тоқтату үшін ${v.stop} деп жауап беріңіз.`,
    feedback: (v) => `${v.mall}: сапарыңыз қалай өтті? 0-10 баға беріңіз: ${v.url} SMS тоқтату үшін ${v.stop} деп жауап беріңіз.`,
    offer: (v) => `${v.mall}: ${v.title} ${v.url} SMS тоқтату үшін ${v.stop} деп жауап беріңіз.`,
  },
  hu: {
    welcome: (v) => `${v.mall}: üdvözöljük${v.name ? `, ${v.name}` : ''}! ${v.reward ? `${v.reward}. ` : ''}Az Ön kártyája: ${v.url} Válaszoljon ${v.stop} szóval a leiratkozáshoz.`,
    feedback: (v) => `${v.mall}: milyen volt a látogatása? Értékelje 0-10: ${v.url} Válaszoljon ${v.stop} szóval a leiratkozáshoz.`,
    offer: (v) => `${v.mall}: ${v.title} ${v.url} Válaszoljon ${v.stop} szóval a leiratkozáshoz.`,
  },
  pl: {
    welcome: (v) => `${v.mall}: witamy${v.name ? `, ${v.name}` : ''}! ${v.reward ? `${v.reward}. ` : ''}Twoja karta: ${v.url} Odpisz ${v.stop}, aby nie dostawać SMS-ów.`,
    feedback: (v) => `${v.mall}: jak minęła wizyta? Oceń ją w skali 0-10: ${v.url} Odpisz ${v.stop}, aby nie dostawać SMS-ów.`,
    offer: (v) => `${v.mall}: ${v.title} ${v.url} Odpisz ${v.stop}, aby nie dostawać SMS-ów.`,
  },
};
