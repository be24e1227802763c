/**
 * Intent cue words: hand-picked words and their synonyms that hint at an intent ("why" → explanation,
 * "wipe" → erasure). They become classifier features, so that an utterance using a synonym never seen in the
 * training data still lands near the right intent. The classifier learns how much each cue counts.
 */

type CueTable = Record<string, readonly string[]>;

const EN_CUES: CueTable = {
  hello: [
    'hi',
    'hello',
    'hey',
    'hiya',
    'heya',
    'howdy',
    'greetings',
    'morning',
    'evening',
    'yo',
    'sup',
    'hallo',
    'hii',
  ],
  bye: [
    'bye',
    'goodbye',
    'farewell',
    'later',
    'cya',
    'ciao',
    'adios',
    'night',
    'goodnight',
    'leave',
    'leaving',
    'quit',
    'exit',
    'go',
    'off',
    'done',
    'signing',
    'run',
    'tomorrow',
    'ttyl',
    'close',
    'end',
    'stop',
  ],
  help: [
    'help',
    'how',
    'commands',
    'command',
    'menu',
    'instructions',
    'tutorial',
    'guide',
    'features',
    'capabilities',
    'use',
    'usage',
    'options',
    'examples',
    'start',
    'lost',
    'confused',
    'understand',
    'bot',
    'work',
    'works',
    'manual',
  ],
  outfit: ['outfit', 'outfits', 'wear', 'wearing', 'dress', 'dressed', 'look', 'style', 'pack', 'attire', 'clothes'],
  search: ['show', 'find', 'looking', 'want', 'need', 'buy', 'get', 'have', 'sell', 'search', 'after', 'see'],
  refine: [
    'instead',
    'only',
    'cheaper',
    'else',
    'more',
    'other',
    'others',
    'another',
    'different',
    'next',
    'same',
    'rather',
    'narrow',
    'filter',
    'bigger',
    'smaller',
    'darker',
    'lighter',
    'less',
    'without',
    'but',
  ],
  question: [
    'much',
    'price',
    'cost',
    'made',
    'material',
    'fabric',
    'size',
    'sizes',
    'fit',
    'brand',
    'reviews',
    'washable',
    'wash',
    'stock',
    'available',
    'quality',
    'waterproof',
    'pockets',
    'details',
    'tell',
    'is',
    'does',
  ],
  compare: [
    'compare',
    'comparison',
    'versus',
    'vs',
    'difference',
    'differ',
    'better',
    'best',
    'which',
    'between',
    'or',
    'choose',
    'decide',
    'pick',
    'rank',
    'pros',
    'cons',
    'side',
    'either',
  ],
  save: [
    'save',
    'saved',
    'keep',
    'wishlist',
    'cart',
    'basket',
    'bookmark',
    'favourite',
    'favorite',
    'favs',
    'add',
    'take',
    'order',
    'purchase',
    'grab',
    'remember',
    'heart',
    'list',
    'buy',
  ],
  like: [
    'love',
    'like',
    'great',
    'nice',
    'perfect',
    'awesome',
    'amazing',
    'beautiful',
    'gorgeous',
    'lovely',
    'good',
    'cool',
    'cute',
    'brilliant',
    'excellent',
    'fab',
    'super',
    'stunning',
    'thanks',
    'thank',
    'wow',
    'yes',
    'helpful',
    'happy',
    'fire',
    'luv',
    'top',
    '👍',
    '❤️',
    '😍',
    '🔥',
    '💯',
    '🙌',
    '👌',
    '😊',
  ],
  dislike: [
    'ugly',
    'hate',
    'awful',
    'terrible',
    'horrible',
    'hideous',
    'no',
    'nope',
    'nah',
    'not',
    'bad',
    'boring',
    'meh',
    'rubbish',
    'wrong',
    'dislike',
    'yuck',
    'ew',
    'never',
    'disappointing',
    'worse',
    'cheap',
    'tacky',
    '👎',
    '🤮',
    '😒',
    'bleh',
    'naaah',
    'none',
  ],
  preference: [
    "i'm",
    'i',
    'my',
    'prefer',
    'usually',
    'always',
    'never',
    'favourite',
    'favorite',
    'allergic',
    'vegan',
    'wear',
    'remember',
    'note',
    'am',
    'size',
    'petite',
    'tall',
    'plus',
  ],
  why: [
    'why',
    'reason',
    'reasons',
    'reasoning',
    'explain',
    'explanation',
    'justify',
    'logic',
    'criteria',
    'basis',
    'come',
    'decide',
    'chose',
    'choose',
    'pick',
    'picked',
    'rationale',
    'whyyy',
    'y',
  ],
  trend: [
    'trend',
    'trends',
    'trending',
    'trendy',
    'fashionable',
    'fashion',
    'popular',
    'vogue',
    'style',
    'hot',
    'rising',
    'falling',
    'forecast',
    'runway',
    'latest',
    'in',
    'back',
    'still',
    'over',
    'thing',
    'everyone',
    'wearing',
    'season',
    'year',
    'trendin',
  ],
  ideas: [
    'inspire',
    'inspiration',
    'inspo',
    'ideas',
    'idea',
    'tips',
    'tip',
    'advice',
    'suggest',
    'refresh',
    'new',
    'change',
    'makeover',
    'surprise',
    'random',
    'different',
    'fresh',
    'mood',
    'how',
    'ways',
    'upgrade',
    'basics',
    'capsule',
    'combination',
    'goes',
    'go',
    'mix',
    'style',
  ],
  forget: [
    'forget',
    'delete',
    'erase',
    'wipe',
    'remove',
    'clear',
    'purge',
    'nuke',
    'scrub',
    'reset',
    'forgotten',
    'cancel',
    'rid',
    'destroy',
    'clean',
    'delet',
    'forgt',
  ],
  export: [
    'export',
    'download',
    'copy',
    'send',
    'dump',
    'access',
    'retrieve',
    'fetch',
    'portability',
    'see',
    'show',
    'stored',
    'collected',
    'hold',
    'know',
    'records',
    'json',
    'file',
    'exprot',
    'list',
  ],
  data: [
    'data',
    'profile',
    'history',
    'information',
    'info',
    'account',
    'me',
    'records',
    'logs',
    'conversations',
    'chats',
    'gdpr',
    'personal',
    'memory',
    'everything',
  ],
  offtopic: [
    'weather',
    'joke',
    'flight',
    'pizza',
    'music',
    'song',
    'alarm',
    'time',
    'cook',
    'recipe',
    'poem',
    'movie',
    'translate',
    'bitcoin',
    'president',
    'laptop',
    'computer',
    'phone',
    'pharmacy',
    'homework',
    'email',
    'taxi',
    'hotel',
    'car',
    'python',
    'news',
    'stock',
    'football',
    'capital',
    'math',
    'fridge',
    'furniture',
    'paint',
    'tickets',
    'dog',
    'website',
    'wifi',
    'tap',
    'physics',
    'taxes',
    'score',
    'story',
    'dinosaurs',
    'airport',
    'lorem',
    'asdf',
  ],
};

const ZH_CUES: CueTable = {
  hello: ['你好', '您好', '嗨', '哈喽', '哈啰', '早上好', '晚上好', '下午好', '早安', '在吗', '有人吗'],
  bye: ['再见', '拜拜', '回头见', '下次见', '晚安', '明天见', '走了', '下线', '结束', '退出', '回见', '先撤', '拜'],
  help: [
    '帮助',
    '怎么用',
    '功能',
    '命令',
    '说明',
    '菜单',
    '不会用',
    '能做什么',
    '会什么',
    '怎么开始',
    '举个例子',
    '是谁',
  ],
  outfit: ['穿什么', '怎么穿', '搭配一套', '穿搭', '搭一套', '配一身', '一身', '一套'],
  search: ['想要', '有没有', '找', '买', '看看', '推荐', '需要', '有'],
  refine: ['换', '的呢', '还有', '别的', '再来', '更', '点的', '一点', '吗'],
  question: ['多少钱', '材质', '面料', '尺码', '牌子', '品牌', '评价', '机洗', '合脚', '价格', '什么', '介绍'],
  compare: ['比较', '对比', '哪个', '哪件', '哪双', '区别', '更', '比一下', '选一个', '哪一个'],
  save: ['收藏', '购物车', '心愿单', '保存', '我要', '买', '下单', '加入', '记下', '存'],
  like: ['喜欢', '好看', '漂亮', '不错', '很棒', '完美', '赞', '爱了', '谢谢', '太棒', '正合我意', '挺好', '可以'],
  dislike: [
    '不喜欢',
    '丑',
    '不好看',
    '不适合',
    '算了',
    '一般',
    '不行',
    '不满意',
    '土',
    '廉价',
    '老气',
    '差评',
    '没感觉',
  ],
  preference: ['我是', '我穿', '我喜欢', '我讨厌', '我不喜欢', '我只穿', '过敏', '我的', '平时', '记住', '素食'],
  why: ['为什么', '为啥', '原因', '理由', '解释', '依据', '怎么想', '怎么选'],
  trend: ['流行', '趋势', '潮流', '最火', '时髦', '火吗', '新潮'],
  ideas: ['灵感', '建议', '技巧', '换个风格', '怎么搭', '怎么穿得', '造型', '惊喜', '新鲜', '教我'],
  forget: ['删除', '忘记', '清除', '清空', '注销', '抹掉', '删', '重置', '忘掉', '不想让你记住'],
  export: ['导出', '下载', '发给我', '副本', '查看', '看看你记住', '显示', '列出', '保存了我', '存了我'],
  data: ['数据', '资料', '信息', '记录', '档案', '账户', '历史'],
  offtopic: [
    '天气',
    '笑话',
    '机票',
    '首都',
    '外卖',
    '几点',
    '诗',
    '电影',
    '比特币',
    '酒店',
    '手机',
    '编程',
    '总统',
    '作业',
    '药店',
    '月亮',
    '猫',
    '无聊',
    '故事',
    '等于',
  ],
};

/** More English cues: general vocabulary of each kind of request. */
const EN_CUES_MORE: CueTable = {
  offtopic: (
    'bake bread population book job smartphone directions station tesla meditate lottery dentist doctor ' +
    'planets planet eat food lunch dinner restaurant spanish french homework voting vote election battery solve ' +
    'equals plus minus blah game games match team tv netflix crypto bank loan insurance mortgage train bus ticket ' +
    'concert garden plants pet cat cats recipe cooking history science quantum lyrics programming code repair ' +
    'printer mars moon sun tax minister war kitchen sofa tablet'
  ).split(' '),
  help: 'able services possible app type ask say settings started hepl assist faq support'.split(' '),
  refine: 'about switch change just stick focus ones too shade version'.split(' '),
  ideas: 'styling accessorise accessorize layering layer rut try wardrobe looks stylish chic'.split(' '),
  question: 'rating length run runs warm heavy real suitable designed return left'.split(' '),
  preference: 'dislike hate love into fan set typically normally generally'.split(' '),
};

/**
 * Broader vocabulary per cue class (session 2): everyday synonyms and topic words shoppers use, so that phrasings
 * the training data never had still land near the right intent.
 */
const EN_CUES_BROAD: CueTable = {
  offtopic: (
    'tyre tire router modem vaccine vaccines virus egg eggs pancake pancakes oven sink tomato tomatoes sleep ' +
    'weight diet calories banana apple coffee tea wine beer cv resume essay gdp economy japanese german italian ' +
    'chess podcast album playlist timer plumber electrician babysitter sudoku crossword puzzle guitar piano ' +
    'politics politician election senate space galaxy universe planet holes building bridge puppy kitten ants ' +
    'vacuum lights lamp telephone invented cactus garden tomatoes recipe boil bake fry grill soup salad ' +
    'flights hotel holiday vacation visa passport rent flat apartment house salary job boss meeting ' +
    'haiku poem song lyrics novel painting painted museum war history population richest tallest ' +
    'password laptop printer keyboard headphones battery charger app download install update ' +
    'doctor dentist medicine symptoms fever headache hospital insurance loan mortgage bitcoin crypto shares ' +
    'football basketball tennis golf cricket rugby olympics score match league'
  ).split(' '),
  help: (
    'tour cheat sheet basics begin beginning assistant chat request requests type write ask commands buttons ' +
    'button undo settings possible capable capabilities supported support tips onboarding walkthrough'
  ).split(' '),
  ideas: (
    'pop rut signature polished tricks pairing pairings combine combinations experiment rethink ' +
    'elevate update revamp reinvent spice jazz shake refresh creative'
  ).split(' '),
  dislike: (
    'dated disappointed disappointing missed dull plain flashy loud frumpy unflattering dowdy keen ' +
    'underwhelming unimpressed gross naff garish drab bland awful wrong ugh'
  ).split(' '),
  like: (
    'winner nailed spot adore pleased impressed loving stylish pretty chic wonderful fantastic appreciate ' +
    'appreciated gorgeous sweet dope sick killer slay obsessed delighted bravo'
  ).split(' '),
  bye: 'cheerio soon heading logging finished care around another farewell signing'.split(' '),
  compare: 'differ differs different than prefer cheaper warmer comfier softer nicer each both'.split(' '),
};

function invert(...tables: CueTable[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const table of tables) {
    for (const [cue, words] of Object.entries(table)) {
      for (const w of words) {
        const list = map.get(w) ?? [];
        if (!list.includes(cue)) list.push(cue);
        map.set(w, list);
      }
    }
  }
  return map;
}

const EN_INDEX = invert(EN_CUES, EN_CUES_MORE, EN_CUES_BROAD);
/** More Chinese cues (session 2): everyday words per cue class. */
const ZH_CUES_MORE: CueTable = {
  like: ['满意', '合适', '品味', '就是这个', '就是我想要', '选得好', '眼光', '好评', '棒', '喜欢这', '很美'],
  dislike: ['花哨', '不太好看', '不是我的风格', '不是我想要', '普通', '难看', '不对', '太丑', '俗气', '过时'],
  help: ['怎么操作', '怎么聊', '会用', '怎么保存', '帮我吗', '这是什么', '使用', '教程', '第一次用', '怎么问'],
  offtopic: [
    '新闻',
    '餐厅',
    '减肥',
    '植物',
    '做饭',
    '红烧肉',
    '首歌',
    '下雨',
    '火锅',
    '房贷',
    '叫车',
    '地球',
    '狗',
    '股票',
    '游戏',
    '数学',
    '电视剧',
    '火车票',
    '邮件',
    '医院',
    '考试',
  ],
  ideas: [
    '新花样',
    '新穿法',
    '配色',
    '胶囊衣橱',
    '基础款',
    '新风格',
    '复古',
    '想法',
    '思路',
    '高级感',
    '气质',
    '显瘦',
    '显高',
    '小技巧',
  ],
  compare: ['都有', '两件', '两条', '两双', '它们', '分别', '不同', '优缺点', '性价比'],
  forget: ['别保存', '别记', '不要记'],
  bye: ['88', '下线', '撤了', '去忙'],
  hello: ['好久不见', '大家好', '又见面'],
  trend: ['上升', '火吗', '还流行', '过时了吗'],
  question: ['高腰', '能穿吗', '起球', '褪色', '防水', '舒服吗', '暖和吗', '退货', '偏大', '偏小', '口袋'],
};

const ZH_LIST = [ZH_CUES, ZH_CUES_MORE].flatMap((table) =>
  Object.entries(table).flatMap(([cue, words]) => words.map((w) => [w, cue] as const)),
);

/** Cue classes of an inflected form ("deleted", "erased", "saving", "compares") through its base form. */
function cueOfInflected(form: string): readonly string[] {
  if (form.length < 5) return [];
  for (const [suffix, base] of INFLECTED) {
    if (!form.endsWith(suffix)) continue;
    const found = EN_INDEX.get(form.slice(0, -suffix.length) + base);
    if (found) return found;
  }
  return [];
}

const INFLECTED: readonly (readonly [string, string])[] = [
  ['ed', ''],
  ['d', ''],
  ['ing', ''],
  ['ing', 'e'],
  ['es', ''],
  ['s', ''],
];

const TREND_WORDS = new Set(['trend', 'trends', 'stats', 'statistics', 'statistic', 'aggregate', 'aggregated']);
const CONSENT_WORDS = new Set(
  'count counted counting include included including share sharing use using opt consent agree allowed allow exclude leave stop'.split(
    ' ',
  ),
);

/**
 * Cue classes present in an utterance (English forms and Chinese substrings), as classifier features.
 * @example
 * intentCues(['wipe', 'my', 'stuff'], ''); // ['cue:forget', 'cue:preference']
 */
export function intentCues(forms: readonly string[], chinese: string): string[] {
  const out = new Set<string>();
  for (const form of forms) for (const cue of EN_INDEX.get(form) ?? cueOfInflected(form)) out.add(`cue:${cue}`);
  if (chinese) for (const [word, cue] of ZH_LIST) if (chinese.includes(word)) out.add(`cue:${cue}`);
  // "count my questions in the trends", "leave me out of the trend stats", "可以把我的提问算进趋势统计": consent to
  // (or refusal of) trend sharing, a preference rather than a question about trends.
  if (forms.some((f) => TREND_WORDS.has(f)) && forms.some((f) => CONSENT_WORDS.has(f))) out.add('cue:consent');
  if (chinese && /趋势|统计|潮流/.test(chinese) && /同意|分享|算进|算上|计入|用于|用来|不要把|别把/.test(chinese)) {
    out.add('cue:consent');
  }
  return [...out];
}

/** True when an English word is one of the cue words. */
export function isCueWord(form: string): boolean {
  return EN_INDEX.has(form);
}
