/**
 * A noun for a count, chosen by the locale's plural rules (Intl.PluralRules: "1 screen",
 * "2 screens"; Polish and Kazakh have more forms than English, given as `few`/`many`).
 * `forms.other` is the fallback for any category not given.
 */
export function nounFor(count: number, forms: { one: string; other: string; few?: string; many?: string }, locale = 'en'): string {
  const category = new Intl.PluralRules(locale).select(count);
  return (forms as Record<string, string | undefined>)[category] ?? forms.other;
}
