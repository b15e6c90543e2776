/** Stories (issue 4): mentions grouped by the enrich stage's story id, as stored. */
export {
  createStoriesService,
  type StoriesService,
  type StoryDetail,
  type StorySummary,
  type TopStoriesQuery,
} from './stories.service.ts';
