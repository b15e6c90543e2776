/**
 * Keeps the enrich stage's story tracker (src/enrich/stories.ts, in memory) in step with the stored
 * mentions: at start it re-reads the most recent ones, so a story that began before a restart keeps its
 * id; scaled out, it also tails what the other processes stored, so a repost arriving at this process
 * joins the story another process started (within one tailing period; two processes that each see the
 * first post of the same story inside that period keep two stories).
 */

import type { Mention } from '../domain/mention.ts';
import type { StoryTracker } from '../enrich/stories.ts';
import type { Stage } from '../ports/stage.ts';
import type { MentionFeed } from '../ports/store.ts';

export interface StorySyncOptions {
  feed: MentionFeed;
  tracker: StoryTracker;
  /** How many of the latest stored mentions a start re-reads (the tracker holds 200,000 by default). */
  backlog?: number;
  /** Rows per read. */
  pageSize?: number;
}

export interface StorySync {
  /** Reads what was stored since the last call (the first call: the latest `backlog`); returns how many. */
  catchUp(): Promise<number>;
  /** Tails the store every `everyMs`; returns the stopper. */
  follow(everyMs: number, onError: (err: unknown) => void): () => Promise<void>;
}

export function createStorySync({
  feed,
  tracker,
  backlog = 100_000,
  pageSize = 5_000,
}: StorySyncOptions): StorySync {
  let cursor: number | undefined;
  // One read at a time: the stage's first catch-up and the tailing timer share the cursor.
  let chain: Promise<unknown> = Promise.resolve();

  async function read(): Promise<number> {
    if (cursor === undefined) cursor = Math.max(0, (await feed.lastSeq()) - backlog);
    let n = 0;
    for (;;) {
      const page = await feed.after(cursor, pageSize);
      for (const m of page) {
        if (m.storyId) tracker.remember(m, m.storyId);
        cursor = m.seq;
      }
      n += page.length;
      if (page.length < pageSize) return n;
    }
  }

  function catchUp(): Promise<number> {
    const next = chain.then(read);
    chain = next.catch(() => {});
    return next;
  }

  return {
    catchUp,
    follow(everyMs, onError) {
      let running: Promise<unknown> = Promise.resolve();
      const timer = setInterval(() => {
        running = catchUp().catch(onError);
      }, everyMs);
      timer.unref();
      return async () => {
        clearInterval(timer);
        await running;
      };
    },
  };
}

/**
 * A stage before enrichment that holds the first batch until the catch-up has read the stored stories
 * (commands that never ingest never pay for it). A failed catch-up is reported and the batch goes on:
 * stories then start afresh, as they did before there was a catch-up.
 */
export function createStorySyncStage(sync: StorySync, onError: (err: unknown) => void): Stage {
  let ready: Promise<unknown> | undefined;
  return {
    name: 'story-sync',
    async process(batch: Mention[]) {
      ready ??= sync.catchUp().catch(onError);
      await ready;
      return batch;
    },
  };
}
