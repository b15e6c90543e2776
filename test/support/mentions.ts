/** Realistic mentions for tests, in the four languages of our users. */
import type { Mention } from '../../src/domain/mention.ts';

const samples = [
  { lang: 'en', text: 'Acme Air lost my bag again and nobody answers the phone. #AcmeFail' },
  { lang: 'he', text: 'אקמה אייר ביטלו לי את הטיסה ולא החזירו כסף, שירות מחפיר' },
  { lang: 'ru', text: 'Акме Эйр опять задержали рейс на шесть часов, никакой компенсации' },
  { lang: 'zh', text: '阿克米航空又延误了，客服电话一直打不通，太让人失望了' },
];

export function makeMention(i: number, overrides: Partial<Mention> = {}): Mention {
  const s = samples[i % samples.length]!;
  return {
    workspaceId: 'ws1',
    source: 'x',
    externalId: `post-${i}`,
    text: `${s.text} (${i})`,
    lang: s.lang,
    createdAt: Date.UTC(2026, 10, 25, 9, 0, 0) + i * 1_000,
    author: { handle: `user${i % 7}`, followers: 100 * (i % 7), verified: i % 7 === 0 },
    ...overrides,
  };
}
