/**
 * Deterministic crisis scenarios for `npm run eval` (seeded: src/domain/random.ts). Each scenario is one
 * brand of a workspace (brand, crisis-terms and competitor topics; a known journalist) with a calm stream
 * in English, Hebrew, Russian and Chinese — daily and weekly seasonality, day-to-day level changes,
 * harmless bumps (a product announcement picked up by a few outlets) — for a warm-up week, then:
 *
 * - slow_burn: a problem that grows over hours, from one post every ten minutes;
 * - viral: one post goes viral (reposts, reactions, a journalist, other platforms, news);
 * - bots: a coordinated campaign of near-identical posts with the same hashtags from new, small accounts;
 * - competitor: the competitor has the crisis (our brand is only a bystander);
 * - night: a viral crisis starting between 01:00 and 04:00, when the baseline is lowest;
 * - multilingual: a viral crisis told in Hebrew, Russian and Chinese first;
 * - calm: a second, calm week, with one harmless praise post going viral.
 *
 * The onset is the time of the crisis's first post. Texts are built from parts so that no two posts need
 * be alike; crisis kinds are data breach, food safety, outage, offensive ad (boycott) and, for bots,
 * disinformation.
 */
import { seededRandom } from '../../src/domain/random.ts';

export type ScenarioKind = 'slow_burn' | 'viral' | 'bots' | 'competitor' | 'night' | 'multilingual' | 'calm';
type Lang = 'en' | 'he' | 'ru' | 'zh';
type CrisisKind = 'data_breach' | 'food_safety' | 'outage' | 'offensive_ad' | 'disinformation';

export interface BrandNames {
  key: string;
  en: string;
  he: string;
  ru: string;
  zh: string;
  tag: string;
}

export interface ScenarioSpec {
  name: string;
  kind: ScenarioKind;
  seed: number;
  crisis?: CrisisKind;
  brand: BrandNames;
  competitor: BrandNames;
  /** Mean calm mentions per minute at the daily peak. */
  peakRate: number;
}

export interface Scenario extends ScenarioSpec {
  records: Record<string, unknown>[];
  start: number;
  /** Start of the scored period (after the warm-up week). */
  evalFrom: number;
  end: number;
  onset?: number;
  /** Whose storm the crisis is: our brand's or the competitor's. */
  target?: 'brand' | 'competitor';
  journalist: string;
}

const DAY = 86_400_000;
const MIN = 60_000;
export const START = Date.UTC(2026, 8, 7, 0, 0, 0); // a Monday

export const brands: BrandNames[] = [
  {
    key: 'nimbus',
    en: 'Nimbus Mobile',
    he: 'נימבוס מובייל',
    ru: 'Нимбус Мобайл',
    zh: '宁巴斯移动',
    tag: 'Nimbus',
  },
  {
    key: 'orchard',
    en: 'Orchard Foods',
    he: 'אורצ׳רד פודס',
    ru: 'Орчард Фудс',
    zh: '果园食品',
    tag: 'Orchard',
  },
  {
    key: 'kestrel',
    en: 'Kestrel Bank',
    he: 'בנק קסטרל',
    ru: 'Кестрел Банк',
    zh: '凯斯特银行',
    tag: 'Kestrel',
  },
  { key: 'acme', en: 'Acme Air', he: 'אקמה אייר', ru: 'Акме Эйр', zh: '阿克米航空', tag: 'AcmeAir' },
  { key: 'lumen', en: 'Lumen Energy', he: 'לומן אנרגיה', ru: 'Люмен Энерджи', zh: '流明能源', tag: 'Lumen' },
];

/** Topic definitions in the query language (brand, crisis terms, competitor). */
export function topicsFor(s: ScenarioSpec) {
  const q = (b: BrandNames) => `"${b.en}" OR #${b.tag} OR "${b.he}" OR "${b.ru}" OR ${b.zh}`;
  return [
    { name: s.brand.en, kind: 'brand' as const, query: q(s.brand) },
    {
      name: `${s.brand.en} crisis terms`,
      kind: 'crisis_terms' as const,
      query: `topic:"${s.brand.en}" AND (leak* OR breach OR hack* OR poison* OR recall* OR boycott* OR דליפ* OR פרצה OR הרעלה OR חרם OR утечк* OR отравлен* OR бойкот* OR 泄露 OR 中毒 OR 抵制)`,
    },
    { name: s.competitor.en, kind: 'competitor' as const, query: q(s.competitor) },
  ];
}

type Parts = string[][];
const calm: Record<Lang, Record<'question' | 'praise' | 'complaint' | 'neutral', Parts>> = {
  en: {
    question: [
      ['Does anyone know if', 'Quick question:', 'Hey', 'Anyone tried whether'],
      ['{b}', '{b}', '@{tag}'],
      [
        'has a student discount',
        'ships to Cyprus',
        'lets you change the plan online',
        'opens on Sundays',
        'has a family offer',
        'takes Apple Pay',
      ],
      ['?', 'this month?', 'for new customers?', 'or is it just me?', '🤔'],
    ],
    praise: [
      ['Big thanks to', 'Honestly impressed by', 'Shout out to', 'Really happy with', 'Love'],
      ['{b}', '{b}', 'the team at {b}', '@{tag}'],
      [
        '— quick and friendly support',
        ', everything arrived early',
        '. Smooth experience today',
        ', great value for money',
        '— the new app update is great',
      ],
      ['👏', '!', '🙌', '', 'Recommend.'],
    ],
    complaint: [
      ['Ugh,', 'Not great:', 'Again?', 'Seriously', 'Meh.'],
      ['{b}', '@{tag}', '{b} support'],
      [
        'kept me on hold for 40 minutes',
        'charged me twice this month',
        'still has not answered my email',
        'cancelled my order without a reason',
        'app logged me out again',
      ],
      ['.', ', please fix it.', '😤', '— third time this year.', ''],
    ],
    neutral: [
      ['{b}', '{b} (@{tag})', 'Report:'],
      [
        'announces a new store in Lisbon',
        'publishes its quarterly results',
        'hires a new marketing head',
        'updates its terms of service',
        'opens a winter sale',
        'sponsors the city marathon',
      ],
      ['this week.', 'on Monday.', 'for members.', '', '— details on the website.'],
    ],
  },
  he: {
    question: [
      ['מישהו יודע אם', 'שאלה:', 'היי,', 'מי ניסה'],
      ['{b}'],
      ['נותנים הנחת סטודנט', 'שולחים לאילת', 'מאפשרים לשנות מסלול באתר', 'פתוחים בשישי', 'מקבלים ביט'],
      ['?', 'החודש?', 'ללקוחות חדשים?', ''],
    ],
    praise: [
      ['תודה ענקית ל', 'ממש מרוצה מ', 'כל הכבוד ל', 'אוהבת את'],
      ['{b}', 'הצוות של {b}'],
      ['— שירות מהיר ואדיב', ', הכול הגיע בזמן', '. חוויה מעולה היום', ', תמורה מצוינת למחיר'],
      ['👏', '!', '', 'ממליצה.'],
    ],
    complaint: [
      ['נו באמת,', 'לא נעים:', 'שוב?', 'מאוכזב'],
      ['{b}', 'השירות של {b}'],
      [
        'השאירו אותי 40 דקות בהמתנה',
        'חייבו אותי פעמיים החודש',
        'עדיין לא ענו למייל',
        'ביטלו לי הזמנה בלי סיבה',
      ],
      ['.', ', תתקנו את זה.', '😤', ''],
    ],
    neutral: [
      ['{b}', 'חברת {b}'],
      ['פותחת סניף חדש בחיפה', 'מפרסמת את הדוחות הרבעוניים', 'משיקה מבצע חורף', 'מעדכנת את תנאי השימוש'],
      ['השבוע.', 'ביום שני.', ''],
    ],
  },
  ru: {
    question: [
      ['Подскажите,', 'Вопрос:', 'Кто знает,', 'Народ,'],
      ['у {b}'],
      [
        'есть скидка для студентов',
        'есть доставка в Казань',
        'можно сменить тариф онлайн',
        'работает поддержка по выходным',
      ],
      ['?', 'сейчас?', 'для новых клиентов?', ''],
    ],
    praise: [
      ['Спасибо', 'Очень доволен', 'Приятно удивлена', 'Респект'],
      ['{b}', 'команде {b}'],
      [
        '— быстрая и вежливая поддержка',
        ', всё пришло раньше срока',
        '. Отличный сервис сегодня',
        ', хорошее соотношение цены и качества',
      ],
      ['👍', '!', '', 'Рекомендую.'],
    ],
    complaint: [
      ['Ну что такое,', 'Опять', 'Разочарован:', 'Серьёзно,'],
      ['{b}', 'поддержка {b}'],
      [
        'держали меня 40 минут на линии',
        'списали деньги дважды',
        'так и не ответили на письмо',
        'отменили заказ без причины',
      ],
      ['.', ', исправьте уже.', '😤', ''],
    ],
    neutral: [
      ['{b}', 'Компания {b}'],
      [
        'открывает новый офис в Казани',
        'публикует квартальный отчёт',
        'запускает зимнюю распродажу',
        'обновляет условия обслуживания',
      ],
      ['на этой неделе.', 'в понедельник.', ''],
    ],
  },
  zh: {
    question: [
      ['请问', '有人知道', '问一下，'],
      ['{b}'],
      ['有学生优惠吗', '能寄到成都吗', '可以在网上改套餐吗', '周末有客服吗'],
      ['？', '，谢谢！', ''],
    ],
    praise: [
      ['感谢', '很满意', '点赞', '推荐'],
      ['{b}'],
      ['，客服又快又好', '，提前到货了', '，今天体验很好', '，性价比很高'],
      ['👍', '！', ''],
    ],
    complaint: [
      ['又是', '无语，', '失望，'],
      ['{b}'],
      ['客服让我等了四十分钟', '这个月扣了我两次钱', '邮件到现在都没回', '无故取消了我的订单'],
      ['。', '，希望改进。', '😤', ''],
    ],
    neutral: [
      ['{b}', '{b}公司'],
      ['在里斯本开了新店', '发布季度财报', '开启冬季促销', '更新了服务条款'],
      ['。', '，本周生效。', ''],
    ],
  },
};

const crisisText: Record<CrisisKind, Record<Lang, Parts>> = {
  data_breach: {
    en: [
      ['WOW.', 'Unbelievable.', 'This is bad.', 'Wait, what?!', 'Check your accounts:'],
      ['{b}', '@{tag}', '{b}'],
      [
        'leaked the personal data of its customers',
        'exposed our card numbers and addresses',
        'got hacked and my details are on a forum',
        'sent my passport scan to a stranger',
        'has a massive data breach',
      ],
      [
        '#{tag}Leak',
        'and still no word from them. #{tag}Leak',
        '. Change your passwords.',
        '— never again.',
        '',
      ],
    ],
    he: [
      ['וואו.', 'לא ייאמן.', 'שערורייה.', 'מה זה?!'],
      ['{b}'],
      [
        'הדליפו את הפרטים האישיים של הלקוחות',
        'חשפו מספרי כרטיסי אשראי וכתובות',
        'נפרצו והפרטים שלי בפורום',
        'פרצה חמורה במערכת של החברה',
      ],
      ['#{tag}Leak', 'ואין שום תגובה.', '. תחליפו סיסמאות.', ''],
    ],
    ru: [
      ['Это просто ужас.', 'Невероятно.', 'Скандал!', 'Серьёзно?!'],
      ['{b}'],
      [
        'слили персональные данные клиентов',
        'допустили утечку номеров карт и адресов',
        'взломали, мои данные на форуме',
        'устроили утечку паспортных данных',
      ],
      ['#{tag}Leak', 'и молчат.', '. Меняйте пароли.', ''],
    ],
    zh: [
      ['太离谱了！', '震惊。', '什么情况？！', '无法接受。'],
      ['{b}'],
      [
        '泄露了客户的个人信息',
        '发生严重数据泄露，银行卡号和地址都曝光了',
        '被黑客入侵，我的资料被挂在论坛上',
      ],
      ['#{tag}Leak', '，至今没有回应。', '。赶紧改密码。', ''],
    ],
  },
  food_safety: {
    en: [
      ['Warning:', 'Please read.', 'Scary.', 'PSA:'],
      [
        'my whole family got sick after {b} yoghurt',
        'food poisoning after eating {b} products',
        '{b} is recalling a batch, my kid was poisoned',
        'found glass in a {b} jar',
      ],
      ['— hospital tonight.', '#{tag}Recall', '. Throw it away.', 'and they say nothing.', ''],
    ],
    he: [
      ['אזהרה:', 'תקראו.', 'מפחיד.'],
      [
        'כל המשפחה חלתה אחרי יוגורט של {b}',
        'הרעלת מזון אחרי מוצר של {b}',
        '{b} עושים ריקול, הילד שלי הורעל',
        'מצאתי זכוכית בצנצנת של {b}',
      ],
      ['— בבית חולים הלילה.', '#{tag}Recall', '. תזרקו.', ''],
    ],
    ru: [
      ['Внимание:', 'Прочитайте.', 'Страшно.'],
      [
        'вся семья отравилась йогуртом {b}',
        'пищевое отравление после продукции {b}',
        '{b} отзывают партию, ребёнок отравился',
        'нашли стекло в банке {b}',
      ],
      ['— ночью в больнице.', '#{tag}Recall', '. Выбросьте.', ''],
    ],
    zh: [
      ['警告：', '大家注意！', '太可怕了。'],
      [
        '全家吃了{b}的酸奶后食物中毒',
        '吃了{b}的产品中毒了',
        '{b}召回一批产品，我孩子中毒了',
        '在{b}的罐子里发现了玻璃',
      ],
      ['，今晚在医院。', '#{tag}Recall', '。快扔掉。', ''],
    ],
  },
  outage: {
    en: [
      ['Is it just me or', 'Day ruined:', 'Come on,', 'Still broken:'],
      ['{b}', '@{tag}', 'the {b} app'],
      [
        'is down for hours and I cannot pay anywhere',
        'has been not working since morning',
        'outage — no calls, no internet, nothing',
        'locked everyone out, total outage',
      ],
      ['#{tag}Down', '. Unacceptable.', '😡', ''],
    ],
    he: [
      ['רק אצלי?', 'יום הרוס:', 'נו באמת,'],
      ['{b}'],
      ['לא עובד כבר שעות ואי אפשר לשלם', 'קרס מהבוקר', 'תקלה ענקית — אין שיחות ואין אינטרנט'],
      ['#{tag}Down', '. לא מקובל.', '😡', ''],
    ],
    ru: [
      ['Только у меня', 'День испорчен:', 'Ну сколько можно,'],
      ['{b}'],
      [
        'не работает уже несколько часов, не могу оплатить',
        'лежит с утра',
        'сбой — ни звонков, ни интернета',
      ],
      ['#{tag}Down', '. Безобразие.', '😡', ''],
    ],
    zh: [
      ['只有我这样吗？', '无语了，', '搞什么，'],
      ['{b}'],
      ['宕机好几个小时了，完全付不了款', '从早上开始就崩溃了', '大面积故障，电话网络都用不了'],
      ['#{tag}Down', '。太离谱了。', '😡', ''],
    ],
  },
  offensive_ad: {
    en: [
      ['Disgusting.', 'Who approved this?', 'Shame on you,', 'Unreal.'],
      [
        'the new {b} ad is racist',
        '{b} mocks disabled people in its campaign',
        'that {b} commercial is sexist trash',
        '{b} thinks this ad is funny?',
      ],
      ['#Boycott{tag}', '. Boycott them.', '— never buying again.', ''],
    ],
    he: [
      ['מגעיל.', 'מי אישר את זה?', 'בושה,'],
      ['הפרסומת החדשה של {b} גזענית', '{b} צוחקים על אנשים עם מוגבלות בקמפיין', 'הפרסומת של {b} שוביניסטית'],
      ['#Boycott{tag}', '. חרם!', '— לא קונה מהם יותר.', ''],
    ],
    ru: [
      ['Отвратительно.', 'Кто это согласовал?', 'Позор,'],
      ['новая реклама {b} расистская', '{b} высмеивает людей с инвалидностью', 'реклама {b} сексистская'],
      ['#Boycott{tag}', '. Бойкот!', '— больше не куплю.', ''],
    ],
    zh: [
      ['恶心。', '谁批准的？', '可耻，'],
      ['{b}的新广告涉嫌种族歧视', '{b}的广告嘲笑残障人士', '{b}的广告太低俗了'],
      ['#Boycott{tag}', '。抵制！', '，再也不买了。', ''],
    ],
  },
  disinformation: {
    en: [
      ['BREAKING:', 'URGENT:', 'Insiders confirm:'],
      [
        '{b} is going bankrupt, withdraw your money now',
        '{b} products cause cancer, they hide it',
        '{b} CEO arrested for fraud',
      ],
      [
        '#{tag}Scam #{tag}Collapse',
        '#{tag}Scam #{tag}Collapse RT!',
        '#{tag}Scam #{tag}Collapse share before deleted',
      ],
    ],
    he: [
      ['דחוף:', 'מבזק:'],
      ['{b} פושטת רגל, תמשכו את הכסף עכשיו', 'המוצרים של {b} מסרטנים'],
      ['#{tag}Scam #{tag}Collapse'],
    ],
    ru: [
      ['СРОЧНО:', 'Инсайд:'],
      ['{b} банкротится, забирайте деньги', 'продукция {b} вызывает рак'],
      ['#{tag}Scam #{tag}Collapse'],
    ],
    zh: [['紧急：', '内部消息：'], ['{b}要破产了，赶紧取钱', '{b}的产品致癌'], ['#{tag}Scam #{tag}Collapse']],
  },
};

const viralPraise: Record<Lang, Parts> = {
  en: [
    ['This made my day:', 'Faith in humanity restored.', 'Wholesome:'],
    [
      '{b} staff drove 2 hours to return a lost teddy bear to a little girl',
      'a {b} employee paid for an old man’s groceries',
      '{b} surprised a nurse with a free year of service',
    ],
    ['❤️', '🥹', '. Respect.', ''],
  ],
  he: [
    ['ריגש אותי:', 'איזה יופי:'],
    ['עובד של {b} נסע שעתיים כדי להחזיר דובי לילדה', '{b} פינקו אחות בשנה חינם'],
    ['❤️', ''],
  ],
  ru: [
    ['До слёз:', 'Вот это да:'],
    [
      'сотрудник {b} проехал два часа, чтобы вернуть девочке игрушку',
      '{b} подарили медсестре год бесплатного обслуживания',
    ],
    ['❤️', ''],
  ],
  zh: [
    ['太暖了：', '感动：'],
    ['{b}员工开车两小时给小女孩送回丢失的玩具熊', '{b}送给一位护士一年免费服务'],
    ['❤️', ''],
  ],
};

const sourcesFor: Record<Lang, string[]> = {
  en: ['x', 'x', 'x', 'reddit', 'facebook', 'instagram', 'bluesky', 'mastodon'],
  he: ['x', 'facebook', 'facebook', 'instagram', 'telegram'],
  ru: ['vk', 'vk', 'telegram', 'telegram', 'x'],
  zh: ['weibo', 'weibo', 'x', 'facebook'],
};

class Gen {
  readonly rand: () => number;
  seq = 0;
  readonly records: Record<string, unknown>[] = [];
  constructor(seed: number) {
    this.rand = seededRandom(seed);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)]!;
  }
  normal(): number {
    const u = Math.max(1e-12, this.rand());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.rand());
  }
  /** Poisson draw (Knuth for small means, normal approximation for large). */
  poisson(mu: number): number {
    if (mu > 30) return Math.max(0, Math.round(mu + Math.sqrt(mu) * this.normal()));
    const l = Math.exp(-mu);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.rand();
    } while (p > l);
    return k - 1;
  }
  followers(): number {
    return Math.floor(Math.exp(5 + 1.6 * this.normal()));
  }
  sentence(parts: Parts, lang: Lang, b: BrandNames): string {
    return parts
      .map((o) => this.pick(o))
      .filter(Boolean)
      .join(lang === 'zh' ? '' : ' ')
      .replaceAll('{b}', b[lang])
      .replaceAll('{tag}', b.tag)
      .replace(/\s+([,.!?:;。，！？])/g, '$1');
  }
  push(r: {
    t: number;
    source: string;
    text: string;
    lang: Lang;
    handle: string;
    followers: number;
    parentId?: string;
    verified?: boolean;
    extra?: Record<string, unknown>;
    title?: string;
  }): string {
    const id = `${r.source}-${(++this.seq).toString(36)}`;
    this.records.push({
      source: r.source,
      id,
      text: r.text,
      ...(r.title ? { title: r.title } : {}),
      createdAt: new Date(Math.round(r.t)).toISOString(),
      lang: r.lang,
      author: { handle: r.handle, followers: r.followers, ...(r.verified ? { verified: true } : {}) },
      ...(r.parentId ? { parentId: r.parentId } : {}),
      ...(r.extra ?? {}),
    });
    return id;
  }
  handle(lang: Lang): string {
    return `${lang}_user${Math.floor(this.rand() * 200_000)}`;
  }
}

/** Calm rate per minute at t: daily shape (quiet at night), weekends lower, a level that wanders by day. */
function calmRate(spec: ScenarioSpec, t: number, dayLevel: number[]): number {
  const day = Math.floor((t - START) / DAY);
  const hour = ((t - START) % DAY) / 3_600_000;
  const shape = 0.12 + 0.88 * Math.max(0, Math.sin(((hour - 5) / 19) * Math.PI)) ** 1.5;
  const weekend = day % 7 >= 5 ? 0.75 : 1;
  return spec.peakRate * shape * weekend * dayLevel[day]!;
}

const calmKinds: [keyof (typeof calm)['en'], number][] = [
  ['question', 0.3],
  ['praise', 0.25],
  ['complaint', 0.25],
  ['neutral', 0.2],
];
const langWeights: [Lang, number][] = [
  ['en', 0.45],
  ['he', 0.2],
  ['ru', 0.2],
  ['zh', 0.15],
];

function weighted<T>(g: Gen, choices: [T, number][]): T {
  const r = g.rand();
  let c = 0;
  for (const [x, w] of choices) {
    c += w;
    if (r < c) return x;
  }
  return choices[0]![0];
}

function calmStream(g: Gen, spec: ScenarioSpec, from: number, to: number): void {
  const days = Math.ceil((to - START) / DAY) + 1;
  const level = Array.from({ length: days }, () => Math.exp(0.2 * g.normal()));
  for (let t = from; t < to; t += MIN) {
    // The competitor is talked about too, at a third of our volume.
    for (const [b, share] of [
      [spec.brand, 1],
      [spec.competitor, 0.35],
    ] as const) {
      const n = g.poisson(calmRate(spec, t, level) * share);
      for (let i = 0; i < n; i++) {
        const lang = weighted(g, langWeights);
        const kind = weighted(g, calmKinds);
        g.push({
          t: t + g.rand() * MIN,
          source: g.pick(sourcesFor[lang]),
          text: g.sentence(calm[lang][kind], lang, b),
          lang,
          handle: g.handle(lang),
          followers: g.followers(),
        });
      }
    }
  }
  // Harmless bumps: every two to three days, a piece of brand news repeated by a few outlets and people.
  for (let t = from + g.rand() * 2 * DAY; t < to; t += (2 + g.rand()) * DAY) {
    const lang = weighted(g, langWeights);
    const text = g.sentence(calm[lang].neutral, lang, spec.brand);
    const n = 5 + Math.floor(g.rand() * 15);
    for (let i = 0; i < n; i++)
      g.push({
        t: t + g.rand() * 90 * MIN,
        source: g.pick([...sourcesFor[lang], 'rss']),
        text: i % 3 ? `${text} ${g.pick(['', '👀', 'Interesting.', '→'])}` : text,
        lang,
        handle: g.handle(lang),
        followers: g.followers(),
      });
  }
}

/** A delay drawn from SEISMIC's human-reaction kernel: flat for 5 minutes, then a power-law tail. */
function reactionDelay(g: Gen): number {
  const theta = 0.242;
  const s0 = 5 * MIN;
  const u = g.rand();
  if (u < theta / (1 + theta)) return (u / (theta / (1 + theta))) * s0;
  return s0 * ((1 - u) * (theta + 1)) ** (-1 / theta);
}

/**
 * A story that spreads from one post as a self-exciting cascade: each post exposes its author's
 * followers, each exposure reposts or reacts with probability p after a delay from the reaction kernel
 * (the generative model of SEISMIC; the detectors see only the posts). Reposts stay on the platform and
 * in the language of their parent (a reply/RT with its parentId); reactions may move to other platforms
 * and languages (their own words, no parentId).
 */
function cascade(
  g: Gen,
  opts: {
    onset: number;
    b: BrandNames;
    parts: Record<Lang, Parts>;
    langs: [Lang, number][];
    /** Expected children per post (p × mean followers); above 1 the story explodes until `maxSize`. */
    branching: number;
    originFollowers: number;
    maxSize: number;
    durationMin: number;
    journalist?: { handle: string; atMin: number };
    newsAtMin?: number;
  },
): void {
  const lang0 = opts.langs[0]![0];
  const home = lang0 === 'ru' ? 'vk' : lang0 === 'zh' ? 'weibo' : 'x';
  const originHandle = g.handle(lang0);
  const originText = g.sentence(opts.parts[lang0], lang0, opts.b);
  const origin = g.push({
    t: opts.onset,
    source: home,
    text: originText,
    lang: lang0,
    handle: originHandle,
    followers: opts.originFollowers,
  });
  const meanFollowers = Math.exp(5 + (1.6 * 1.6) / 2);
  const p = opts.branching / meanFollowers;
  const end = opts.onset + opts.durationMin * MIN;
  // Posts waiting to have their children drawn: time, followers, platform, language, id, handle, text.
  const queue: {
    t: number;
    n: number;
    source: string;
    lang: Lang;
    id: string;
    handle: string;
    text: string;
  }[] = [
    {
      t: opts.onset,
      n: opts.originFollowers,
      source: home,
      lang: lang0,
      id: origin,
      handle: originHandle,
      text: originText,
    },
  ];
  let size = 1;
  while (queue.length && size < opts.maxSize) {
    const parent = queue.shift()!;
    const children = g.poisson(Math.min(200, p * Math.max(1, parent.n)));
    for (let c = 0; c < children && size < opts.maxSize; c++) {
      const t = parent.t + reactionDelay(g);
      if (t >= end) continue;
      const repost = g.rand() < 0.5;
      const lang = repost || g.rand() < 0.6 ? parent.lang : weighted(g, opts.langs);
      const source = repost || g.rand() < 0.5 ? parent.source : g.pick(sourcesFor[lang]);
      const handle = g.handle(lang);
      const followers = g.followers();
      const text =
        repost && lang === parent.lang
          ? `RT @${parent.handle}: ${parent.text}`.slice(0, 280)
          : g.sentence(opts.parts[lang], lang, opts.b);
      const id = g.push({
        t,
        source,
        text,
        lang,
        handle,
        followers,
        ...(repost && source === parent.source ? { parentId: parent.id } : {}),
      });
      queue.push({ t, n: followers, source, lang, id, handle, text: repost ? parent.text : text });
      size++;
    }
    queue.sort((x, y) => x.t - y.t);
  }
  if (opts.journalist) {
    const j = opts.journalist;
    g.push({
      t: opts.onset + j.atMin * MIN,
      source: 'x',
      text: `${g.sentence(opts.parts.en, 'en', opts.b)} I have seen several reports and asked ${opts.b.en} for comment.`,
      lang: 'en',
      handle: j.handle,
      followers: 180_000 + Math.floor(g.rand() * 100_000),
      verified: true,
      ...(home === 'x' ? { parentId: origin } : {}),
    });
  }
  if (opts.newsAtMin !== undefined) {
    const text = g.sentence(opts.parts.en, 'en', opts.b);
    g.push({
      t: opts.onset + opts.newsAtMin * MIN,
      source: 'rss',
      title: `${opts.b.en}: customers report problems`,
      text: `Customers say ${text}`,
      lang: 'en',
      handle: 'newsdesk',
      followers: 0,
    });
  }
}

export function generate(spec: ScenarioSpec): Scenario {
  const g = new Gen(spec.seed);
  const evalFrom = START + 7 * DAY;
  const journalist = `reporter_${spec.brand.key}`;
  const crisis = spec.crisis ?? 'data_breach';
  let onset: number | undefined;
  let end = evalFrom + DAY;
  let target: 'brand' | 'competitor' | undefined = 'brand';
  const hourOf = (h: number) => evalFrom + h * 3_600_000 + Math.floor(g.rand() * 60) * MIN;
  switch (spec.kind) {
    case 'calm': {
      end = evalFrom + 7 * DAY;
      target = undefined;
      const t = evalFrom + (2 + Math.floor(g.rand() * 4)) * DAY + (10 + Math.floor(g.rand() * 8)) * 3_600_000;
      cascade(g, {
        onset: t,
        b: spec.brand,
        parts: viralPraise,
        langs: langWeights,
        branching: 0.9 + g.rand() * 0.3,
        originFollowers: 5_000 + Math.floor(g.rand() * 30_000),
        maxSize: 1_500,
        durationMin: 480,
      });
      break;
    }
    case 'slow_burn': {
      onset = hourOf(9 + Math.floor(g.rand() * 6));
      const parts = crisisText[crisis];
      // One post every ten minutes at first, then more and more (no single viral post).
      for (let m = 0; m < 360; m++) {
        const n = g.poisson(Math.min(1.5, 0.1 + m * 0.005));
        for (let i = 0; i < n; i++) {
          const lang = m < 30 ? 'en' : weighted(g, langWeights);
          g.push({
            t: onset + (m + (m === 0 && i === 0 ? 0 : g.rand())) * MIN,
            source: g.pick(sourcesFor[lang]),
            text: g.sentence(parts[lang], lang, spec.brand),
            lang,
            handle: g.handle(lang),
            followers: g.followers(),
          });
        }
      }
      // The first post is exactly at the onset.
      g.push({
        t: onset,
        source: 'x',
        text: g.sentence(parts.en, 'en', spec.brand),
        lang: 'en',
        handle: g.handle('en'),
        followers: g.followers(),
      });
      break;
    }
    case 'viral':
    case 'night':
    case 'multilingual':
    case 'competitor': {
      onset =
        spec.kind === 'night'
          ? evalFrom + (1 + Math.floor(g.rand() * 3)) * 3_600_000 + Math.floor(g.rand() * 60) * MIN
          : hourOf(8 + Math.floor(g.rand() * 9));
      const langs: [Lang, number][] =
        spec.kind === 'multilingual'
          ? [
              [g.pick(['he', 'ru', 'zh'] as Lang[]), 0.45],
              ['he', 0.2],
              ['ru', 0.2],
              ['zh', 0.15],
            ]
          : langWeights;
      target = spec.kind === 'competitor' ? 'competitor' : 'brand';
      cascade(g, {
        onset,
        b: spec.kind === 'competitor' ? spec.competitor : spec.brand,
        parts: crisisText[crisis],
        langs,
        branching: 0.85 + g.rand() * 0.35,
        originFollowers: 1_000 + Math.floor(g.rand() * 20_000),
        maxSize: 2_000,
        durationMin: 480,
        journalist: { handle: journalist, atMin: 25 + Math.floor(g.rand() * 40) },
        newsAtMin: 60 + Math.floor(g.rand() * 60),
      });
      break;
    }
    case 'bots': {
      onset = hourOf(7 + Math.floor(g.rand() * 12));
      const accounts = 30 + Math.floor(g.rand() * 90);
      const bots = Array.from(
        { length: accounts },
        (_, i) =>
          `${g.pick(['news', 'truth', 'info', 'real'])}_${spec.seed % 97}${i}${Math.floor(g.rand() * 1e4)}`,
      );
      const base = g.sentence(crisisText.disinformation.en, 'en', spec.brand);
      const minutes = 20 + Math.floor(g.rand() * 20);
      const posts = Math.round(accounts * (1.2 + g.rand()));
      for (let i = 0; i < posts; i++) {
        const t = i === 0 ? onset : onset + g.rand() * minutes * MIN;
        const lang: Lang = g.rand() < 0.8 ? 'en' : g.pick(['he', 'ru', 'zh'] as Lang[]);
        const text =
          lang === 'en'
            ? `${base} ${g.pick(['', '!!', '⚠️', '👇', `${Math.floor(g.rand() * 100)}`])}`
            : g.sentence(crisisText.disinformation[lang], lang, spec.brand);
        g.push({
          t,
          source: g.rand() < 0.8 ? 'x' : 'telegram',
          text,
          lang,
          handle: bots[i % accounts]!,
          followers: Math.floor(g.rand() * 25),
          extra: { authorCreatedAt: new Date(t - (1 + g.rand() * 20) * DAY).toISOString() },
        });
      }
      break;
    }
  }
  calmStream(g, spec, START, end);
  g.records.sort((a, b) => Date.parse(a.createdAt as string) - Date.parse(b.createdAt as string));
  return { ...spec, records: g.records, start: START, evalFrom, end, onset, target, journalist };
}

const kinds: { kind: ScenarioKind; crisis?: CrisisKind }[] = [
  { kind: 'slow_burn', crisis: 'data_breach' },
  { kind: 'slow_burn', crisis: 'food_safety' },
  { kind: 'slow_burn', crisis: 'outage' },
  { kind: 'viral', crisis: 'data_breach' },
  { kind: 'viral', crisis: 'offensive_ad' },
  { kind: 'viral', crisis: 'food_safety' },
  { kind: 'bots', crisis: 'disinformation' },
  { kind: 'bots', crisis: 'disinformation' },
  { kind: 'bots', crisis: 'disinformation' },
  { kind: 'competitor', crisis: 'data_breach' },
  { kind: 'competitor', crisis: 'food_safety' },
  { kind: 'night', crisis: 'outage' },
  { kind: 'night', crisis: 'data_breach' },
  { kind: 'multilingual', crisis: 'data_breach' },
  { kind: 'multilingual', crisis: 'offensive_ad' },
  { kind: 'multilingual', crisis: 'food_safety' },
  { kind: 'calm' },
  { kind: 'calm' },
  { kind: 'calm' },
  { kind: 'calm' },
  { kind: 'calm' },
  { kind: 'calm' },
];

/** The suite: `dev` (tuning) and `test` (held out) differ only in their seeds. */
export function suite(set: 'dev' | 'test'): ScenarioSpec[] {
  const base = set === 'dev' ? 1_000 : 2_000;
  return kinds.map((k, i) => {
    const seed = base + i * 7 + 1;
    const r = seededRandom(seed * 31);
    const bi = Math.floor(r() * brands.length);
    const brand = brands[bi]!;
    const competitor = brands[(bi + 1 + Math.floor(r() * (brands.length - 1))) % brands.length]!;
    const peakRate = [0.4, 1, 2.5, 6][Math.floor(r() * 4)]!;
    return {
      name: `${set}-${String(i + 1).padStart(2, '0')}-${k.kind}${k.crisis ? `-${k.crisis}` : ''}`,
      kind: k.kind,
      crisis: k.crisis,
      seed,
      brand,
      competitor,
      peakRate,
    };
  });
}
