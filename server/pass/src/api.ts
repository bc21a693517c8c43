export { api, ApiProblem } from '#shared/client/api.ts';

/** The language to start in: the pass's own, else the phone's, else English. */
export function browserLanguage(): 'en' | 'cy' | 'zh' | 'kk' | 'hu' | 'pl' {
  for (const tag of navigator.languages ?? []) {
    const l = tag.slice(0, 2).toLowerCase();
    if (l === 'en' || l === 'cy' || l === 'zh' || l === 'kk' || l === 'hu' || l === 'pl') return l;
  }
  return 'en';
}
