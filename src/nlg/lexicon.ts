/**
 * Localised names for the catalogue's canonical values (colours, article types, categories, occasions, seasons,
 * usages, genders, materials, patterns, asked-about attributes, signals), so replies in Chinese are Chinese all the
 * way. English is the canonical vocabulary itself: an English name is the value with `-`/`_` read as spaces. A value
 * without a Chinese entry falls back to that English word.
 */
import type { Language, Signal } from '../types.ts';

export type LexiconKind =
  | 'color'
  | 'articleType'
  | 'category'
  | 'occasion'
  | 'season'
  | 'usage'
  | 'gender'
  | 'material'
  | 'pattern'
  | 'attribute'
  | 'trendLabel';

const ZH: Record<LexiconKind, Readonly<Record<string, string>>> = {
  color: {
    black: '黑色',
    charcoal: '炭灰色',
    grey: '灰色',
    'light-grey': '浅灰色',
    white: '白色',
    'off-white': '米白色',
    cream: '奶油色',
    beige: '米色',
    khaki: '卡其色',
    nude: '裸色',
    brown: '棕色',
    tan: '棕褐色',
    camel: '驼色',
    navy: '藏青色',
    blue: '蓝色',
    'light-blue': '浅蓝色',
    teal: '青色',
    turquoise: '绿松石色',
    green: '绿色',
    olive: '橄榄绿',
    'light-green': '浅绿色',
    yellow: '黄色',
    mustard: '芥末黄',
    orange: '橙色',
    rust: '铁锈红',
    peach: '桃色',
    red: '红色',
    maroon: '栗色',
    burgundy: '酒红色',
    pink: '粉色',
    'light-pink': '浅粉色',
    magenta: '洋红色',
    purple: '紫色',
    lavender: '薰衣草紫',
    gold: '金色',
    silver: '银色',
    bronze: '古铜色',
    multi: '多色',
    metallic: '金属色',
  },
  articleType: {
    't-shirt': 'T恤',
    shirt: '衬衫',
    blouse: '女式衬衫',
    top: '上衣',
    'tank-top': '背心',
    camisole: '吊带',
    polo: 'Polo衫',
    sweater: '毛衣',
    cardigan: '开衫',
    hoodie: '连帽衫',
    sweatshirt: '卫衣',
    kurta: '库尔塔',
    tunic: '长款上衣',
    bodysuit: '连体衣',
    shrug: '披肩外套',
    jeans: '牛仔裤',
    trousers: '长裤',
    chinos: '休闲裤',
    shorts: '短裤',
    skirt: '半身裙',
    leggings: '打底裤',
    joggers: '束脚裤',
    'track-pants': '运动裤',
    capris: '七分裤',
    salwar: '宽松裤',
    dress: '连衣裙',
    jumpsuit: '连体裤',
    saree: '纱丽',
    lehenga: '长裙套装',
    'kurta-set': '库尔塔套装',
    suit: '西装',
    blazer: '西装外套',
    waistcoat: '马甲',
    jacket: '夹克',
    coat: '大衣',
    gilet: '背心外套',
    'rain-jacket': '雨衣',
    sneakers: '运动鞋',
    'casual-shoes': '休闲鞋',
    'formal-shoes': '正装鞋',
    loafers: '乐福鞋',
    heels: '高跟鞋',
    flats: '平底鞋',
    sandals: '凉鞋',
    boots: '靴子',
    'flip-flops': '人字拖',
    'sports-shoes': '运动鞋',
    slippers: '拖鞋',
    watch: '手表',
    belt: '腰带',
    tie: '领带',
    'bow-tie': '领结',
    cufflinks: '袖扣',
    'pocket-square': '口袋巾',
    suspenders: '背带',
    scarf: '围巾',
    dupatta: '披巾',
    hat: '帽子',
    cap: '棒球帽',
    beanie: '针织帽',
    sunglasses: '太阳镜',
    jewellery: '首饰',
    earrings: '耳环',
    necklace: '项链',
    bracelet: '手链',
    ring: '戒指',
    'hair-accessory': '发饰',
    gloves: '手套',
    wallet: '钱包',
    umbrella: '雨伞',
    accessory: '配饰',
    handbag: '手提包',
    clutch: '手拿包',
    tote: '托特包',
    backpack: '双肩包',
    'laptop-bag': '电脑包',
    'messenger-bag': '邮差包',
    'duffel-bag': '旅行袋',
    'waist-bag': '腰包',
    bag: '包',
    bra: '文胸',
    briefs: '三角裤',
    boxers: '平角裤',
    undershirt: '汗衫',
    shapewear: '塑身衣',
    'lingerie-set': '内衣套装',
    socks: '袜子',
    tights: '连裤袜',
    nightwear: '睡衣',
    pyjamas: '睡衣套装',
    robe: '浴袍',
    loungewear: '家居服',
    swimwear: '泳装',
    bikini: '比基尼',
    'swim-shorts': '泳裤',
    sarong: '沙滩裙',
    fragrance: '香水',
    makeup: '彩妆',
    skincare: '护肤品',
    tracksuit: '运动套装',
    'clothing-set': '套装',
    costume: '演出服',
    'sports-equipment': '运动器材',
    'gift-set': '礼盒',
    home: '家居用品',
    other: '其他',
    // groups of article types the parser may use as a category
    knitwear: '针织衫',
    pants: '裤子',
    tailoring: '西装',
    'ethnic-wear': '民族服饰',
    headwear: '帽子',
    'smart-shoes': '正装鞋',
    'sports-wear': '运动服',
  },
  category: {
    top: '上装',
    bottom: '下装',
    dress: '连衣裙',
    suit: '西装',
    outerwear: '外套',
    footwear: '鞋履',
    accessory: '配饰',
    bag: '包袋',
    underwear: '内衣',
    nightwear: '睡衣',
    swimwear: '泳装',
    beauty: '美妆',
    other: '其他',
  },
  occasion: {
    wedding: '婚礼',
    work: '上班',
    interview: '面试',
    date: '约会',
    party: '派对',
    funeral: '葬礼',
    gym: '健身',
    beach: '海滩',
    travel: '旅行',
    casual: '休闲',
    brunch: '早午餐',
    'formal event': '正式活动',
    festive: '节日',
    outdoors: '户外',
    home: '居家',
  },
  season: { spring: '春季', summer: '夏季', autumn: '秋季', winter: '冬季' },
  usage: {
    casual: '休闲',
    smart_casual: '商务休闲',
    formal: '正式',
    party: '派对',
    sports: '运动',
    ethnic: '民族风',
    travel: '旅行',
    home: '居家',
  },
  gender: { men: '男装', women: '女装', unisex: '男女通用', boys: '男童', girls: '女童', kids: '童装' },
  material: {
    cotton: '棉',
    linen: '亚麻',
    wool: '羊毛',
    merino: '美利奴羊毛',
    cashmere: '羊绒',
    silk: '真丝',
    satin: '缎面',
    chiffon: '雪纺',
    velvet: '丝绒',
    denim: '牛仔布',
    corduroy: '灯芯绒',
    tweed: '粗花呢',
    jersey: '针织布',
    fleece: '抓绒',
    leather: '皮革',
    'faux-leather': '人造革',
    suede: '麂皮',
    canvas: '帆布',
    polyester: '涤纶',
    nylon: '尼龙',
    viscose: '粘胶纤维',
    lyocell: '莱赛尔',
    modal: '莫代尔',
    elastane: '氨纶',
    acrylic: '腈纶',
    down: '羽绒',
    rubber: '橡胶',
    metal: '金属',
    straw: '草编',
  },
  pattern: {
    solid: '纯色',
    striped: '条纹',
    checked: '格纹',
    floral: '碎花',
    printed: '印花',
    graphic: '图案',
    dotted: '波点',
    animal: '动物纹',
    camouflage: '迷彩',
    paisley: '佩斯利花纹',
    denim: '牛仔',
    melange: '混色',
    'colour-block': '撞色',
    lace: '蕾丝',
    embroidered: '刺绣',
    embellished: '装饰',
    sequin: '亮片',
    metallic: '金属光泽',
    jacquard: '提花',
    textured: '肌理',
    washed: '水洗',
    sheer: '透视',
  },
  attribute: {
    price: '价格',
    color: '颜色',
    material: '面料',
    pattern: '图案',
    season: '季节',
    occasion: '场合',
    usage: '用途',
    size: '尺码',
    availableSizes: '尺码',
    brand: '品牌',
    description: '描述',
  },
  trendLabel: { rising: '上升', steady: '平稳', falling: '下降' },
};

/** Why-phrases for each recommendation signal. */
const SIGNAL_WORDS: Record<Language, Record<Signal['name'], string>> = {
  en: {
    match: 'it matches what you asked for',
    content: 'it is similar to things you liked',
    collaborative: 'shoppers with a similar history bought it',
    popularity: 'it is popular with shoppers',
    feedback: 'it follows your 👍/👎',
    preference: 'it respects your saved preferences',
    trend: 'its style is trending up',
    compatibility: 'these pieces are often bought together',
    color_harmony: 'the colours go well together',
    formality: 'the formality suits the occasion',
    season: 'it suits the season',
    budget: 'it fits your budget',
    diversity: 'it differs from the other suggestions',
    anchor: 'it is built around your piece',
    style: 'it has the style you asked for',
  },
  zh: {
    match: '符合你的要求',
    content: '和你喜欢过的单品相似',
    collaborative: '购买习惯相似的顾客买过它',
    popularity: '很受顾客欢迎',
    feedback: '参考了你的 👍/👎',
    preference: '符合你保存的偏好',
    trend: '风格正在流行',
    compatibility: '这些单品常被一起购买',
    color_harmony: '颜色搭配协调',
    formality: '正式程度适合场合',
    season: '适合当季',
    budget: '在你的预算之内',
    diversity: '和其他推荐有所不同',
    anchor: '围绕这件单品搭配',
    style: '符合你想要的风格',
  },
};

/**
 * The name of a canonical value in a language.
 * @example
 * term('color', 'navy', 'zh') // '藏青色'
 * term('articleType', 'formal-shoes', 'en') // 'formal shoes'
 */
export function term(kind: LexiconKind, value: string, language: Language): string {
  if (language === 'zh') {
    // A slot's category may be an article type, a group of them, or a coarse category.
    const zh = ZH[kind][value] ?? (kind === 'articleType' ? ZH.category[value] : undefined);
    if (zh) return zh;
  }
  return value.replace(/[-_]/g, ' ');
}

/** Names of several values, joined as a list ("navy/white" in English, "藏青色/白色" in Chinese). */
export function terms(kind: LexiconKind, values: readonly string[], language: Language, separator = '/'): string {
  return values.map((v) => term(kind, v, language)).join(separator);
}

/**
 * A sentence-level list: "a, b and c" in English, "a、b和c" in Chinese.
 * @example
 * listOf(['price', 'brand'], 'en') // 'price and brand'
 */
export function listOf(values: readonly string[], language: Language): string {
  if (values.length <= 1) return values.join('');
  const head = values.slice(0, -1).join(language === 'zh' ? '、' : ', ');
  return language === 'zh' ? `${head}和${values.at(-1)}` : `${head} and ${values.at(-1)}`;
}

/** The why-phrase for a signal. */
export function signalPhrase(name: Signal['name'], language: Language): string {
  return SIGNAL_WORDS[language][name];
}
