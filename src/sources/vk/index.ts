import type { SourceDefinition } from '../types.ts';
import { vkConnector } from './client.ts';
import { type VkParams, type VkSecrets, vkParams, vkSecrets } from './config.ts';

export const vkSource: SourceDefinition<VkParams, VkSecrets> = {
  kind: 'vk',
  label: 'VK (newsfeed.search)',
  mode: 'poll',
  params: vkParams as never,
  secrets: vkSecrets,
  userSuppliedHost: false,
  intervalMs: 5 * 60_000,
  credentials:
    'A service token: vk.com/apps?act=manage → create a standalone app → Settings → "Service token" (or a user token with wall access).',
  create: (params, secrets) => vkConnector(params, secrets),
};
