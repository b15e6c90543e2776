/**
 * Every source kind Firebreak knows. The API, the CLI and the UI read this list; adding a platform is a
 * folder under src/sources/ plus one line here.
 */
import { blueskySearchSource, blueskySource } from './bluesky/index.ts';
import { hackerNewsSource } from './hackernews/index.ts';
import { mastodonSource } from './mastodon/index.ts';
import { metaSource } from './meta/index.ts';
import { importSource, webhookSource } from './push.ts';
import { redditSource } from './reddit/index.ts';
import { rssSource } from './rss/index.ts';
import { telegramSource } from './telegram/index.ts';
import type { AnySourceDefinition } from './types.ts';
import { vkSource } from './vk/index.ts';
import { xSource } from './x/index.ts';
import { youtubeSource } from './youtube/index.ts';

export const sourceDefinitions: AnySourceDefinition[] = [
  rssSource,
  hackerNewsSource,
  redditSource,
  blueskySource,
  blueskySearchSource,
  mastodonSource,
  youtubeSource,
  vkSource,
  telegramSource,
  metaSource,
  xSource,
  webhookSource,
  importSource,
];

export function findSource(kind: string): AnySourceDefinition | undefined {
  return sourceDefinitions.find((d) => d.kind === kind);
}
