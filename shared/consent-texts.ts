import type { ConsentPurpose } from './constants.ts';
import type { Language } from './schemas/shoppers.ts';

/**
 * The exact words a shopper reads before each consent decision. A new wording gets a new version
 * id; the ledger records the version and a SHA-256 of the text shown, so what was agreed to can be
 * proved later. Languages without a translation of a version fall back to English, and the ledger
 * records the language actually shown.
 */
export const CONSENT_TEXT_VERSION = '2026-11-v1';

type Texts = Record<ConsentPurpose, string>;

export const CONSENT_TEXTS: Partial<Record<Language, Texts>> & { en: Texts } = {
  en: {
    membership:
      'Keep a mall pass for me and remember my visits, so I can check in with one tap. Required to join.',
    analytics:
      'Count me, anonymously, in the mall’s live visitor counts and in shops’ visit reports. No shop ever sees who I am.',
    marketing_email: 'Send me offers from the mall and its shops by email.',
    marketing_sms: 'Send me offers from the mall and its shops by text message.',
  },
  cy: {
    membership:
      'Cadwch docyn canolfan i mi a chofiwch fy ymweliadau, fel y gallaf gofrestru gydag un tap. Yn ofynnol i ymuno.',
    analytics:
      'Cyfrwch fi, yn ddienw, yng nghyfrifon byw ymwelwyr y ganolfan ac yn adroddiadau ymweliadau’r siopau. Ni fydd unrhyw siop byth yn gweld pwy ydw i.',
    marketing_email: 'Anfonwch gynigion ataf gan y ganolfan a’i siopau drwy e-bost.',
    marketing_sms: 'Anfonwch gynigion ataf gan y ganolfan a’i siopau drwy neges destun.',
  },
  zh: {
    membership: '为我保留商场会员卡并记录我的到访，让我轻触一下即可签到。加入时必选。',
    analytics: '以匿名方式将我计入商场的实时客流统计和商店的到访报告。任何商店都不会知道我是谁。',
    marketing_email: '通过电子邮件向我发送商场及其商店的优惠信息。',
    marketing_sms: '通过短信向我发送商场及其商店的优惠信息。',
  },
  kk: {
    membership:
      'Маған сауда орталығының картасын сақтаңыз және келген күндерімді есте сақтаңыз, бір рет тигізіп тіркелуім үшін. Қосылу үшін міндетті.',
    analytics:
      'Мені сауда орталығының тірі келушілер санына және дүкендердің есептеріне анонимді түрде қосыңыз. Ешбір дүкен менің кім екенімді көрмейді.',
    marketing_email: 'Сауда орталығы мен оның дүкендерінің ұсыныстарын маған электрондық пошта арқылы жіберіңіз.',
    marketing_sms: 'Сауда орталығы мен оның дүкендерінің ұсыныстарын маған SMS арқылы жіберіңіз.',
  },
  hu: {
    membership:
      'Őrizzetek meg nekem egy bevásárlóközponti bérletet, és jegyezzétek meg a látogatásaimat, hogy egy érintéssel bejelentkezhessek. A csatlakozáshoz kötelező.',
    analytics:
      'Számoljatok engem névtelenül a bevásárlóközpont élő látogatószámaiban és az üzletek látogatási jelentéseiben. Egyetlen üzlet sem látja, ki vagyok.',
    marketing_email: 'Küldjétek el nekem e-mailben a bevásárlóközpont és üzletei ajánlatait.',
    marketing_sms: 'Küldjétek el nekem SMS-ben a bevásárlóközpont és üzletei ajánlatait.',
  },
  pl: {
    membership:
      'Przechowujcie moją kartę centrum handlowego i zapamiętujcie moje wizyty, abym mógł zameldować się jednym dotknięciem. Wymagane do dołączenia.',
    analytics:
      'Liczcie mnie anonimowo w bieżących statystykach odwiedzających centrum i w raportach wizyt sklepów. Żaden sklep nigdy nie zobaczy, kim jestem.',
    marketing_email: 'Wysyłajcie mi oferty centrum i jego sklepów e-mailem.',
    marketing_sms: 'Wysyłajcie mi oferty centrum i jego sklepów SMS-em.',
  },
};

export function consentText(language: Language, purpose: ConsentPurpose): { language: Language; text: string } {
  const texts = CONSENT_TEXTS[language];
  return texts ? { language, text: texts[purpose] } : { language: 'en', text: CONSENT_TEXTS.en[purpose] };
}
