/**
 * Turns an alert into the plain-text notification every channel renders (and escapes) its own way.
 * Detector evidence is read defensively: only known shapes are shown, each bounded.
 */
import type { RichMessage } from '../../notify/delivery.ts';
import type { AlertState, NotifyReason } from './alerts.model.ts';
import { signalLabel } from './alerts.rules.ts';

const reasonPrefix: Record<NotifyReason, string> = {
  opened: '',
  severity_raised: 'Worse: ',
  unacknowledged: 'Not acknowledged: ',
  snooze_ended: 'Back from snooze: ',
  test: 'Test: ',
};

const crisisTypeNames: Record<string, string> = {
  self_inflicted: 'self-inflicted',
  technical_error: 'technical or data error',
  disinformation_attack: 'disinformation or competitor attack',
  external_force: 'external force (breach, account theft)',
  unknown: 'unknown',
};

function strings(value: unknown, max: number): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((v) =>
      typeof v === 'string'
        ? v
        : v && typeof v === 'object'
          ? String((v as Record<string, unknown>).term ?? (v as Record<string, unknown>).handle ?? '')
          : '',
    )
    .filter(Boolean)
    .slice(0, max)
    .map((s) => s.slice(0, 80));
}

function stories(value: unknown, max: number): string[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, max).flatMap((v) => {
    if (!v || typeof v !== 'object') return [];
    const o = v as Record<string, unknown>;
    const text = typeof o.text === 'string' ? o.text.replace(/\s+/g, ' ').slice(0, 240) : '';
    const author = typeof o.author === 'string' ? ` — ${o.author.slice(0, 60)}` : '';
    return text ? [`“${text}”${author}`] : [];
  });
}

function utc(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

export function alertMessage(
  alert: AlertState,
  reason: NotifyReason,
  options: { publicUrl?: string; tier: number },
): RichMessage {
  const lines: string[] = [];
  const evidence = Object.entries(alert.evidence);
  lines.push(
    `Status: ${alert.status} · severity ${alert.severity}/4 · ${alert.signalCount} signal${alert.signalCount === 1 ? '' : 's'}` +
      (options.tier > 0 ? ` · escalation tier ${options.tier}` : ''),
  );
  for (const [type, e] of evidence) {
    if (!e) continue;
    const d = e.evidence;
    const counts =
      typeof d.observed === 'number' && typeof d.expected === 'number'
        ? `, ${d.observed} mentions (expected ${d.expected})`
        : '';
    const negative =
      typeof d.negativeShare === 'number' ? `, ${Math.round(d.negativeShare * 100)}% negative` : '';
    lines.push(
      `${signalLabel(type as never)}: score ${Number(e.score.toFixed(3))}${counts}${negative}, window ${utc(e.windowStart)}–${utc(e.windowEnd)} UTC`,
    );
  }
  if (alert.suggestedCrisisType)
    lines.push(`Suggested crisis type: ${crisisTypeNames[alert.suggestedCrisisType]}`);
  const all = evidence.map(([, e]) => e?.evidence ?? {});
  const terms = [...new Set(all.flatMap((e) => strings(e.topTerms ?? e.terms, 10)))].slice(0, 10);
  if (terms.length) lines.push(`Terms: ${terms.join(', ')}`);
  const authors = [...new Set(all.flatMap((e) => strings(e.topAuthors, 5)))].slice(0, 5);
  if (authors.length) lines.push(`Authors: ${authors.join(', ')}`);
  const posts = all.flatMap((e) => stories(e.topStories ?? e.topMentions, 3)).slice(0, 3);
  if (posts.length) lines.push(`Top posts:\n${posts.map((p) => `• ${p}`).join('\n')}`);
  const base = options.publicUrl?.replace(/\/+$/, '');
  return {
    id: `${alert.id}:${reason}:${alert.version}:${options.tier}`,
    workspaceId: alert.workspaceId,
    title: `${reasonPrefix[reason]}${alert.title}`,
    body: lines.join('\n\n'),
    url: base ? `${base}/alerts/${alert.id}` : undefined,
    severity: alert.severity,
    data: {
      alertId: alert.id,
      reason,
      status: alert.status,
      severity: alert.severity,
      brandId: alert.brandId,
      topicId: alert.topicId,
      signalTypes: alert.signalTypes,
      escalationLevel: options.tier,
      suggestedCrisisType: alert.suggestedCrisisType,
    },
  };
}
