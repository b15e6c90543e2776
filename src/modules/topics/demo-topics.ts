/**
 * Topics for the demo workspace's brand "Acme Air" (aliases אקמה אייר, Акме Эйр, 阿克米航空): the brand in
 * four languages and its crisis terms. Create them in this order: the second references the first.
 */
import type { TopicInput } from './topics.service.ts';

export function demoTopicInputs(brandId: string | null): TopicInput[] {
  return [
    {
      name: 'Acme Air',
      kind: 'brand',
      brandId,
      query:
        '"acme air" OR acmeair OR #acmeair OR @acmeair OR "acme airlines" OR "אקמה אייר" OR "Акме~ Эйр~" OR 阿克米',
    },
    {
      name: 'Acme Air crisis terms',
      kind: 'crisis_terms',
      brandId,
      query:
        'topic:"Acme Air" AND (refund* OR cancel* OR delay* OR lost OR luggage OR strike OR "data breach" OR outage' +
        ' OR החזר OR ביטול OR ביטלו OR עיכוב OR איבדו OR מזוודה OR שביתה' +
        ' OR возврат~ OR отмен* OR задерж* OR потеря* OR багаж~ OR забастовк*' +
        ' OR 退款 OR 取消 OR 延误 OR 丢失 OR 行李 OR 罢工)',
    },
    {
      name: 'Acme Air safety',
      kind: 'crisis_terms',
      brandId,
      query:
        'topic:"Acme Air" AND (safety OR emergency OR "emergency landing" OR crash OR בטיחות OR "נחיתת חירום"' +
        ' OR безопасност~ OR "аварийная посадка" OR 安全 OR 紧急迫降)',
    },
  ];
}
