/**
 * Every word of the emails Atrium sends shoppers, in ICU MessageFormat, in the six shopper
 * languages. English is the reference: every other language has exactly its keys (a test checks).
 * Kept apart from the kiosk's messages (shared/i18n) so the kiosk's first load does not carry them.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES } from '../i18n/locales.ts';
import type { Language } from '../schemas/shoppers.ts';

const en = {
  greeting: 'Hello,',
  greetingNamed: 'Hello {name},',
  welcomeSubject: 'Your {mall} pass',
  welcomeHeading: 'Welcome to {mall}',
  welcomeLead: 'Your pass, your visits and your choices are on your pass page.',
  openPass: 'Open my pass',
  receiptTitle: 'What you chose',
  receiptLine: '{purpose}: {decision} · {date} · {place} · text version {version}',
  agreed: 'you agreed',
  withdrew: 'you withdrew',
  purpose_membership: 'Mall pass and visits',
  purpose_analytics: 'Counted anonymously in visitor numbers',
  purpose_marketing_email: 'Offers by email',
  purpose_marketing_sms: 'Offers by text message',
  placeKiosk: 'a mall kiosk',
  placePhone: 'your phone',
  welcomeFooter: 'You can change any of these, download your data or erase your pass at any time from your pass page.',
  offerLead: 'Thanks for coming to {mall} today. An offer from {from}:',
  offerFromShop: '{shop} at {mall}',
  picture: 'Picture',
  yourPass: 'Your pass',
  offerWhy: 'You get this because you chose offers by email at {mall}. To stop them, switch off “Offers by email” on your pass page.',
  stopOffers: 'Stop offers by email',
  sentBy: 'Sent by {mall}',
  feedbackSubject: 'How was your visit to {mall}?',
  feedbackQuestion: 'How likely are you to recommend {mall} to a friend?',
  feedbackLead: 'Tap a number: 0 is not at all likely, 10 is extremely likely. One tap is all it takes.',
  feedbackWhy: 'You get this because you chose messages by email at {mall}. To stop them, switch off “Offers by email” on your pass page.',
  rewardsTitle: 'Your rewards',
} as const;

export type MailWordKey = keyof typeof en;
type Words = Record<MailWordKey, string>;

const cy: Words = {
  greeting: 'Helo,',
  greetingNamed: 'Helo {name},',
  welcomeSubject: 'Eich tocyn {mall}',
  welcomeHeading: 'Croeso i {mall}',
  welcomeLead: 'Mae eich tocyn, eich ymweliadau a’ch dewisiadau ar dudalen eich tocyn.',
  openPass: 'Agor fy nhocyn',
  receiptTitle: 'Beth ddewisoch chi',
  receiptLine: '{purpose}: {decision} · {date} · {place} · fersiwn testun {version}',
  agreed: 'cytunoch chi',
  withdrew: 'tynnoch chi’n ôl',
  purpose_membership: 'Tocyn y ganolfan ac ymweliadau',
  purpose_analytics: 'Eich cyfrif yn ddienw yn nifer yr ymwelwyr',
  purpose_marketing_email: 'Cynigion drwy e-bost',
  purpose_marketing_sms: 'Cynigion drwy neges destun',
  placeKiosk: 'ciosg y ganolfan',
  placePhone: 'eich ffôn',
  welcomeFooter: 'Gallwch newid unrhyw un o’r rhain, lawrlwytho eich data neu ddileu eich tocyn unrhyw bryd o dudalen eich tocyn.',
  offerLead: 'Diolch am ddod i {mall} heddiw. Cynnig gan {from}:',
  offerFromShop: '{shop} yn {mall}',
  picture: 'Llun',
  yourPass: 'Eich tocyn',
  offerWhy: 'Rydych chi’n cael hwn am i chi ddewis cynigion drwy e-bost yn {mall}. I’w hatal, diffoddwch “Cynigion drwy e-bost” ar dudalen eich tocyn.',
  stopOffers: 'Atal cynigion drwy e-bost',
  sentBy: 'Anfonwyd gan {mall}',
  feedbackSubject: 'Sut oedd eich ymweliad â {mall}?',
  feedbackQuestion: 'Pa mor debygol ydych chi o argymell {mall} i ffrind?',
  feedbackLead: 'Tapiwch rif: 0 yw ddim yn debygol o gwbl, 10 yw hynod debygol. Un tap yn unig.',
  feedbackWhy: 'Rydych yn cael hwn am i chi ddewis negeseuon e-bost yn {mall}. I’w hatal, diffoddwch “Cynigion drwy e-bost” ar dudalen eich pas.',
  rewardsTitle: 'Eich gwobrau',
};

const zh: Words = {
  greeting: '您好：',
  greetingNamed: '{name}，您好：',
  welcomeSubject: '您的{mall}会员卡',
  welcomeHeading: '欢迎来到{mall}',
  welcomeLead: '您的会员卡、到访记录和您的选择都在会员卡页面上。',
  openPass: '打开我的会员卡',
  receiptTitle: '您的选择',
  receiptLine: '{purpose}：{decision} · {date} · {place} · 文本版本 {version}',
  agreed: '您已同意',
  withdrew: '您已撤回',
  purpose_membership: '商场会员卡与到访记录',
  purpose_analytics: '匿名计入客流统计',
  purpose_marketing_email: '电子邮件优惠',
  purpose_marketing_sms: '短信优惠',
  placeKiosk: '商场自助机',
  placePhone: '您的手机',
  welcomeFooter: '您可以随时在会员卡页面更改以上任何选择、下载您的数据或删除您的会员卡。',
  offerLead: '感谢您今天光临{mall}。来自{from}的优惠：',
  offerFromShop: '{mall}的{shop}',
  picture: '图片',
  yourPass: '您的会员卡',
  offerWhy: '您收到此邮件，是因为您在{mall}选择了电子邮件优惠。如需停止，请在会员卡页面关闭“电子邮件优惠”。',
  stopOffers: '停止电子邮件优惠',
  sentBy: '发件方：{mall}',
  feedbackSubject: '您在{mall}的购物体验如何？',
  feedbackQuestion: '您有多大可能向朋友推荐{mall}？',
  feedbackLead: '点一个数字：0 表示完全不可能，10 表示非常可能。只需一点。',
  feedbackWhy: '您收到此邮件是因为您在{mall}选择了接收电子邮件。如需停止，请在会员卡页面关闭“电子邮件优惠”。',
  rewardsTitle: '您的奖励',
};

const kk: Words = {
  greeting: 'Сәлеметсіз бе,',
  greetingNamed: 'Сәлеметсіз бе, {name},',
  welcomeSubject: '{mall} картаңыз',
  welcomeHeading: '{mall} орталығына қош келдіңіз',
  welcomeLead: 'Картаңыз, келулеріңіз және таңдауларыңыз карта бетінде.',
  openPass: 'Картамды ашу',
  receiptTitle: 'Сіздің таңдауыңыз',
  receiptLine: '{purpose}: {decision} · {date} · {place} · мәтін нұсқасы {version}',
  agreed: 'келістіңіз',
  withdrew: 'қайтарып алдыңыз',
  purpose_membership: 'Орталық картасы және келулер',
  purpose_analytics: 'Келушілер санында анонимді есептелу',
  purpose_marketing_email: 'Электрондық поштамен ұсыныстар',
  purpose_marketing_sms: 'SMS арқылы ұсыныстар',
  placeKiosk: 'орталық киоскісі',
  placePhone: 'телефоныңыз',
  welcomeFooter: 'Бұлардың кез келгенін өзгертуге, деректеріңізді жүктеуге немесе картаңызды өшіруге карта бетінен кез келген уақытта болады.',
  offerLead: 'Бүгін {mall} орталығына келгеніңізге рахмет. {from} ұсынысы:',
  offerFromShop: '{mall}, {shop}',
  picture: 'Сурет',
  yourPass: 'Картаңыз',
  offerWhy: 'Сіз {mall} орталығында электрондық поштамен ұсыныстарды таңдағандықтан осы хатты алдыңыз. Тоқтату үшін карта бетінде «Электрондық поштамен ұсыныстар» параметрін өшіріңіз.',
  stopOffers: 'Поштамен ұсыныстарды тоқтату',
  sentBy: 'Жіберуші: {mall}',
  feedbackSubject: '{mall} орталығына келуіңіз қалай өтті?',
  feedbackQuestion: '{mall} орталығын досыңызға ұсыну ықтималдығыңыз қандай?',
  feedbackLead: 'Санды басыңыз: 0 — мүлдем ықтимал емес, 10 — өте ықтимал. Бір рет басу жеткілікті.',
  feedbackWhy: 'Бұл хат сізге {mall} орталығында электрондық пошта хабарларын таңдағаныңыз үшін келді. Тоқтату үшін карта бетінде «Электрондық пошта арқылы ұсыныстар» дегенді өшіріңіз.',
  rewardsTitle: 'Сыйлықтарыңыз',
};

const hu: Words = {
  greeting: 'Kedves Vásárlónk!',
  greetingNamed: 'Kedves {name}!',
  welcomeSubject: 'Az Ön {mall} bérlete',
  welcomeHeading: 'Üdvözöljük: {mall}',
  welcomeLead: 'Bérlete, látogatásai és döntései a bérlet oldalán találhatók.',
  openPass: 'Bérletem megnyitása',
  receiptTitle: 'Amit választott',
  receiptLine: '{purpose}: {decision} · {date} · {place} · szövegváltozat: {version}',
  agreed: 'hozzájárult',
  withdrew: 'visszavonta',
  purpose_membership: 'Bérlet és látogatások',
  purpose_analytics: 'Névtelen beszámítás a látogatószámba',
  purpose_marketing_email: 'Ajánlatok e-mailben',
  purpose_marketing_sms: 'Ajánlatok SMS-ben',
  placeKiosk: 'egy kioszk a központban',
  placePhone: 'az Ön telefonja',
  welcomeFooter: 'Ezeket bármikor módosíthatja, letöltheti adatait vagy törölheti bérletét a bérlet oldalán.',
  offerLead: 'Köszönjük, hogy ma ellátogatott ide: {mall}. Ajánlat tőle: {from}',
  offerFromShop: '{shop} ({mall})',
  picture: 'Kép',
  yourPass: 'Az Ön bérlete',
  offerWhy: 'Azért kapja ezt, mert itt e-mailes ajánlatokat kért: {mall}. A leiratkozáshoz kapcsolja ki az „Ajánlatok e-mailben” lehetőséget a bérlet oldalán.',
  stopOffers: 'E-mailes ajánlatok leállítása',
  sentBy: 'Feladó: {mall}',
  feedbackSubject: 'Milyen volt a látogatása itt: {mall}?',
  feedbackQuestion: 'Mennyire valószínű, hogy ajánlja a(z) {mall} bevásárlóközpontot egy barátjának?',
  feedbackLead: 'Koppintson egy számra: 0 – egyáltalán nem valószínű, 10 – nagyon valószínű. Egy koppintás elég.',
  feedbackWhy: 'Azért kapja ezt, mert e-mailes üzeneteket kért itt: {mall}. Leállításukhoz kapcsolja ki az „Ajánlatok e-mailben” lehetőséget a kártyaoldalán.',
  rewardsTitle: 'Az Ön jutalmai',
};

const pl: Words = {
  greeting: 'Dzień dobry,',
  greetingNamed: 'Dzień dobry, {name},',
  welcomeSubject: 'Twoja karta {mall}',
  welcomeHeading: 'Witamy w {mall}',
  welcomeLead: 'Twoja karta, wizyty i wybory są na stronie Twojej karty.',
  openPass: 'Otwórz moją kartę',
  receiptTitle: 'Twoje wybory',
  receiptLine: '{purpose}: {decision} · {date} · {place} · wersja tekstu {version}',
  agreed: 'wyrażono zgodę',
  withdrew: 'wycofano zgodę',
  purpose_membership: 'Karta centrum i wizyty',
  purpose_analytics: 'Anonimowe liczenie w statystyce odwiedzin',
  purpose_marketing_email: 'Oferty e-mailem',
  purpose_marketing_sms: 'Oferty SMS-em',
  placeKiosk: 'kiosk w centrum',
  placePhone: 'Twój telefon',
  welcomeFooter: 'W każdej chwili możesz zmienić te wybory, pobrać swoje dane lub usunąć kartę na stronie karty.',
  offerLead: 'Dziękujemy za dzisiejszą wizytę w {mall}. Oferta od {from}:',
  offerFromShop: '{shop} w {mall}',
  picture: 'Zdjęcie',
  yourPass: 'Twoja karta',
  offerWhy: 'Otrzymujesz tę wiadomość, bo w {mall} wybrano oferty e-mailem. Aby je wyłączyć, odznacz „Oferty e-mailem” na stronie karty.',
  stopOffers: 'Wyłącz oferty e-mailem',
  sentBy: 'Nadawca: {mall}',
  feedbackSubject: 'Jak minęła wizyta w {mall}?',
  feedbackQuestion: 'Jak bardzo prawdopodobne jest, że polecisz {mall} znajomemu?',
  feedbackLead: 'Stuknij liczbę: 0 to zupełnie nieprawdopodobne, 10 to bardzo prawdopodobne. Wystarczy jedno stuknięcie.',
  feedbackWhy: 'Otrzymujesz tę wiadomość, bo wybrano wiadomości e-mail w {mall}. Aby je wyłączyć, wyłącz „Oferty e-mailem” na stronie karty.',
  rewardsTitle: 'Twoje nagrody',
};

export const MAIL_WORDS: Record<Language, Words> = { en, cy, zh, kk, hu, pl };

export type MailTranslate = (key: MailWordKey, values?: Record<string, string | number>) => string;

const cache = new Map<string, IntlMessageFormat>();

/** A translator for one shopper language; an unknown language falls back to English. */
export function mailWords(language: string): MailTranslate {
  const lang: Language = language in MAIL_WORDS ? (language as Language) : 'en';
  return (key, values) => {
    const id = `${lang}:${key}`;
    let format = cache.get(id);
    if (!format) {
      format = new IntlMessageFormat(MAIL_WORDS[lang][key], LOCALES[lang]);
      cache.set(id, format);
    }
    return String(format.format(values));
  };
}
