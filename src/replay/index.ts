export { type BackgroundReplay, startReplay } from './background.ts';
export { type ReplayOptions, type ReplayProgress, type ReplaySummary, recordTime, replay } from './replay.ts';
