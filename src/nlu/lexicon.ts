/**
 * Surface forms → canonical slot values, for English and Simplified Chinese. Canonical article types, colours,
 * patterns, materials and occasions come from `src/catalog/taxonomy.ts`; this module only adds the words people
 * type (synonyms, slang, Chinese terms) and the cue words the extractors need (negators, question words …).
 */
import {
  ARTICLE_GROUPS,
  ARTICLE_SYNONYMS,
  ARTICLE_TYPES,
  CATEGORIES,
  COLOR_SYNONYMS,
  COLORS,
  MATERIAL_SYNONYMS,
  MATERIALS,
  OCCASIONS,
  PATTERNS,
} from '../catalog/taxonomy.ts';

/** What a lexicon phrase means. `value` is canonical for slots and a small code for cue words. */
export type LexKind =
  | 'category'
  | 'color'
  | 'pattern'
  | 'material'
  | 'occasion'
  | 'style'
  | 'season'
  | 'weather'
  | 'gender'
  | 'sleeve_length'
  | 'brand'
  | 'rating'
  | 'price_level'
  | 'price_direction'
  | 'request'
  | 'tone'
  | 'language'
  | 'region'
  | 'negation'
  | 'ordinal'
  | 'determiner'
  | 'anaphora'
  | 'one'
  | 'stop';

export interface LexEntry {
  kind: LexKind;
  value: string;
}

type Table = Record<string, readonly string[]>;

/** Extra English words for article types and coarse categories (beyond the taxonomy's synonyms). */
const EN_CATEGORY_EXTRA: Table = {
  footwear: ['shoes', 'shoe', 'footwear', 'kicks'],
  outerwear: ['outerwear', 'outer layer'],
  accessory: ['accessories', 'accessory'],
  bag: ['bags', 'bag', 'handbags'],
  swimwear: ['swimwear', 'swim wear', 'bathers'],
  underwear: ['lingerie'],
  sneakers: ['sneaks', 'runners', 'tennis shoes', 'canvas shoes'],
  't-shirt': ['tees', 't shirt', 'tshirt', 'tee shirt', 'tees shirt', 'graphic tee'],
  shirt: ['button down', 'button-down', 'button up', 'button-up', 'dress shirt', 'oxford shirt', 'flannel shirt'],
  sweater: ['jumper', 'knit sweater', 'sweaters', 'turtleneck', 'crewneck'],
  hoodie: ['hooded sweatshirt', 'hooded sweater', 'zip hoodie', 'hoody'],
  suit: ['tux', 'tuxedo', 'two piece', 'three piece suit'],
  trousers: ['pants', 'slacks', 'dress pants', 'trousers'],
  jeans: ['denim jeans', 'skinny jeans'],
  top: ['tops', 'top'],
  jacket: ['puffer', 'denim jacket', 'leather jacket', 'bomber jacket'],
  coat: ['overcoat', 'peacoat', 'pea coat', 'winter coat', 'puffer coat', 'duffle coat'],
  dress: ['sundress', 'cocktail dress', 'evening dress', 'maxi', 'midi dress', 'mini dress'],
  skirt: ['miniskirt', 'mini skirt', 'midi skirt', 'maxi skirt', 'pencil skirt'],
  heels: ['high heels', 'stilettos'],
  'tank-top': ['tanktop', 'tank tops', 'cami top', 'crop top'],
  boots: ['chelsea boots', 'rain boots', 'wellies', 'combat boots'],
  hat: ['hats', 'sun hat', 'fedora', 'bucket hat'],
  joggers: ['sweat pants', 'track bottoms'],
};

/** Chinese words for article types and categories. */
const ZH_CATEGORY: Table = {
  't-shirt': ['t恤', 't恤衫', '短袖t恤', '体恤', 'tee'],
  shirt: ['衬衫', '衬衣', '男士衬衫'],
  blouse: ['女衬衫', '雪纺衫'],
  top: ['上衣', '上装'],
  'tank-top': ['背心', '吊带背心'],
  camisole: ['吊带'],
  polo: ['polo衫', 'polo'],
  sweater: ['毛衣', '针织衫', '羊毛衫', '高领毛衣'],
  cardigan: ['开衫', '针织开衫'],
  hoodie: ['卫衣', '连帽衫', '帽衫'],
  sweatshirt: ['圆领卫衣'],
  jeans: ['牛仔裤'],
  trousers: ['裤子', '长裤', '西裤', '裤'],
  chinos: ['休闲裤', '卡其裤'],
  shorts: ['短裤'],
  skirt: ['半身裙', '短裙', '长裙', '百褶裙'],
  leggings: ['打底裤', '紧身裤', '瑜伽裤'],
  joggers: ['运动裤', '卫裤'],
  dress: ['连衣裙', '裙子', '裙', '礼服', '旗袍'],
  jumpsuit: ['连体裤'],
  suit: ['西装', '西服', '套装'],
  blazer: ['西装外套', '小西装'],
  jacket: ['外套', '夹克', '夹克衫', '皮衣', '牛仔外套'],
  coat: ['大衣', '风衣', '羽绒服', '棉服', '呢子大衣'],
  sneakers: ['运动鞋', '球鞋', '板鞋', '小白鞋'],
  'sports-shoes': ['跑鞋', '跑步鞋'],
  'formal-shoes': ['皮鞋', '正装鞋'],
  loafers: ['乐福鞋'],
  heels: ['高跟鞋'],
  flats: ['平底鞋'],
  sandals: ['凉鞋'],
  boots: ['靴子', '短靴', '马丁靴', '长靴', '雪地靴'],
  slippers: ['拖鞋'],
  'flip-flops': ['人字拖'],
  footwear: ['鞋子', '鞋'],
  watch: ['手表'],
  belt: ['腰带', '皮带'],
  tie: ['领带'],
  scarf: ['围巾', '丝巾'],
  hat: ['帽子', '遮阳帽'],
  cap: ['棒球帽', '鸭舌帽'],
  beanie: ['毛线帽', '针织帽'],
  sunglasses: ['太阳镜', '墨镜'],
  jewellery: ['首饰', '珠宝'],
  necklace: ['项链'],
  earrings: ['耳环'],
  bracelet: ['手链', '手镯'],
  handbag: ['手提包', '包包', '女包'],
  backpack: ['双肩包', '背包'],
  bag: ['包'],
  wallet: ['钱包'],
  socks: ['袜子'],
  pyjamas: ['睡衣'],
  swimwear: ['泳衣', '泳装'],
  bikini: ['比基尼'],
  'swim-shorts': ['泳裤'],
  accessory: ['配饰', '饰品'],
  underwear: ['内衣'],
};

/** Colour words beyond the taxonomy's synonyms (English). */
const EN_COLOR_EXTRA: Table = {
  black: ['jet black', 'blk'],
  navy: ['navy', 'navy-blue'],
  grey: ['gray', 'greys', 'grays'],
  'light-grey': ['light-gray', 'pale grey', 'pale gray'],
  white: ['whites'],
  red: ['reds', 'scarlet', 'crimson'],
  burgundy: ['oxblood', 'bordeaux'],
  green: ['greens', 'emerald', 'forest green'],
  olive: ['khaki green', 'army green', 'olive green'],
  'light-blue': ['pale blue', 'powder blue'],
  blue: ['blues', 'royal blue', 'cobalt'],
  pink: ['pinks', 'hot pink', 'blush'],
  purple: ['plum'],
  brown: ['browns'],
  beige: ['sand', 'stone', 'oatmeal'],
  yellow: ['lemon'],
  multi: ['multicoloured', 'multi-coloured', 'multi-colored', 'multicolored', 'rainbow'],
  gold: ['golden'],
};

const ZH_COLOR: Table = {
  black: ['黑色', '黑'],
  white: ['白色', '白'],
  'off-white': ['米白', '米白色'],
  cream: ['奶油色', '象牙白'],
  grey: ['灰色', '灰'],
  'light-grey': ['浅灰', '浅灰色'],
  charcoal: ['深灰', '深灰色', '炭灰'],
  beige: ['米色', '杏色'],
  khaki: ['卡其色', '卡其'],
  brown: ['棕色', '咖啡色', '褐色', '棕'],
  camel: ['驼色'],
  navy: ['藏青', '藏青色', '藏蓝', '海军蓝', '深蓝', '深蓝色'],
  blue: ['蓝色', '蓝'],
  'light-blue': ['浅蓝', '浅蓝色', '天蓝', '天蓝色'],
  green: ['绿色', '绿'],
  olive: ['军绿', '军绿色', '橄榄绿'],
  yellow: ['黄色', '黄'],
  orange: ['橙色', '橘色', '橙'],
  red: ['红色', '红'],
  burgundy: ['酒红', '酒红色'],
  pink: ['粉色', '粉红', '粉红色', '粉'],
  purple: ['紫色', '紫'],
  gold: ['金色'],
  silver: ['银色'],
  multi: ['彩色', '多色'],
};

const EN_PATTERN: Table = {
  solid: ['plain', 'solid', 'solid colour', 'solid color', 'block colour', 'no pattern'],
  striped: ['stripes', 'stripe', 'striped', 'stripy', 'pinstripe', 'pinstriped', 'stripey'],
  checked: ['checked', 'checks', 'check', 'checkered', 'chequered', 'plaid', 'tartan', 'gingham'],
  floral: ['floral', 'flowers', 'flowery', 'flower print', 'leafy'],
  printed: ['print', 'printed', 'patterned', 'design'],
  graphic: ['graphic', 'logo', 'text print', 'lettering', 'slogan'],
  dotted: ['dots', 'dotted', 'polka dots', 'polka dot', 'spots', 'spotted', 'dotty'],
  animal: ['animal print', 'leopard', 'leopard print', 'zebra print', 'snakeskin'],
  camouflage: ['camo', 'camouflage'],
  paisley: ['paisley'],
  'colour-block': ['colour block', 'color block', 'colourblock', 'two tone', 'two-tone', 'twin colour', 'twin color'],
  lace: ['lace', 'lacy'],
  embroidered: ['embroidered', 'embroidery'],
  sequin: ['sequins', 'sequinned', 'sequined', 'sparkly', 'glitter'],
};

const ZH_PATTERN: Table = {
  solid: ['纯色', '素色'],
  striped: ['条纹'],
  checked: ['格子', '格纹'],
  floral: ['碎花', '花朵', '印花裙'],
  printed: ['印花', '图案'],
  dotted: ['波点', '圆点'],
  camouflage: ['迷彩'],
  animal: ['豹纹'],
  lace: ['蕾丝'],
};

const EN_MATERIAL_EXTRA: Table = {
  wool: ['woollen', 'woolen', 'wooly', 'woolly'],
  leather: ['leathers'],
  cotton: ['organic cotton'],
  silk: ['silky'],
  velvet: ['velour'],
  jersey: ['knitted', 'knitwear'],
};

const ZH_MATERIAL: Table = {
  cotton: ['纯棉', '棉质', '全棉', '棉'],
  linen: ['亚麻', '麻'],
  wool: ['羊毛', '毛呢'],
  cashmere: ['羊绒'],
  silk: ['真丝', '丝绸'],
  denim: ['牛仔'],
  leather: ['真皮', '皮革', '皮质'],
  'faux-leather': ['人造革', '仿皮'],
  suede: ['麂皮'],
  polyester: ['涤纶', '聚酯纤维'],
  velvet: ['丝绒'],
  down: ['羽绒'],
  fleece: ['抓绒'],
};

const EN_OCCASION_EXTRA: Table = {
  wedding: ['weddings', 'wedding party', 'bridal shower', 'rehearsal dinner'],
  work: ['the office', 'work', 'job', 'workday', 'business trip', 'presentation'],
  interview: ['interviews'],
  date: ['a date', 'date', 'anniversary dinner', 'valentine', "valentine's"],
  party: ['parties', 'cocktail', 'night out', 'house party', 'celebration'],
  funeral: ['funerals'],
  gym: ['the gym', 'gym', 'pilates', 'crossfit', 'marathon'],
  beach: ['beach', 'beach party', 'the beach', 'seaside holiday'],
  travel: ['travelling', 'traveling', 'city break', 'long flight', 'pack', 'packing', 'pack for'],
  casual: ['casual', 'everyday wear', 'day to day', 'daily'],
  'formal event': ['formal', 'black-tie', 'banquet', 'awards night', 'gala dinner', 'formal dinner'],
  outdoors: ['outdoor', 'outdoors', 'mountains'],
  brunch: ['brunch', 'lunch date'],
};

const ZH_OCCASION: Table = {
  wedding: ['婚礼', '婚宴', '参加婚礼', '喜宴'],
  work: ['上班', '工作', '办公室', '通勤', '职场', '开会'],
  interview: ['面试'],
  date: ['约会'],
  party: ['派对', '聚会', '生日派对', '蹦迪'],
  funeral: ['葬礼'],
  gym: ['健身', '健身房', '跑步', '瑜伽', '运动'],
  beach: ['海边', '沙滩'],
  travel: ['旅行', '旅游', '度假', '出差', '行李'],
  casual: ['日常', '休闲', '逛街'],
  'formal event': ['正式场合', '晚宴', '年会', '毕业典礼', '颁奖'],
  festive: ['春节', '过年'],
  outdoors: ['爬山', '徒步', '露营'],
};

const EN_STYLE: Table = {
  minimalist: ['minimalist', 'minimal', 'minimalistic', 'clean lines', 'understated', 'simple'],
  streetwear: ['streetwear', 'street style', 'street', 'urban', 'hypebeast', 'skater'],
  classic: ['classic', 'timeless', 'traditional', 'old money'],
  boho: ['boho', 'bohemian', 'hippie', 'festival style'],
  preppy: ['preppy', 'ivy league', 'collegiate'],
  sporty: ['sporty', 'athletic', 'athleisure'],
  elegant: ['elegant', 'chic', 'sophisticated', 'classy', 'polished', 'dressy'],
  edgy: ['edgy', 'punk', 'rock', 'grunge', 'gothic', 'goth'],
  vintage: ['vintage', 'retro', 'seventies', 'nineties', '90s', '70s'],
  romantic: ['romantic', 'feminine', 'girly'],
  bold: ['bold', 'flashy', 'loud', 'statement', 'eye-catching'],
  'smart-casual': ['smart casual', 'smart-casual', 'business casual'],
  'slim-fit': ['slim fit', 'slim-fit', 'slim', 'skinny', 'fitted', 'tailored'],
  'regular-fit': ['regular fit', 'regular-fit', 'straight fit', 'straight cut'],
  oversized: ['oversized', 'oversize', 'baggy', 'loose', 'loose fit', 'relaxed fit', 'relaxed'],
  cosy: ['cosy', 'cozy', 'comfy', 'comfortable'],
};

const ZH_STYLE: Table = {
  minimalist: ['简约', '极简', '简单'],
  streetwear: ['街头', '潮牌', '嘻哈'],
  classic: ['经典', '传统'],
  boho: ['波西米亚'],
  preppy: ['学院风'],
  sporty: ['运动风'],
  elegant: ['优雅', '气质', '高级感', '精致'],
  edgy: ['酷', '朋克'],
  vintage: ['复古'],
  romantic: ['甜美', '可爱'],
  'smart-casual': ['商务休闲'],
  'slim-fit': ['修身', '紧身'],
  oversized: ['宽松', 'oversize'],
  cosy: ['舒适', '舒服'],
  formal: ['正式', '正装'],
};

const EN_SEASON: Table = {
  summer: ['summer', 'summery', 'summertime', 'summer time'],
  winter: ['winter', 'wintery', 'wintry', 'wintertime', 'christmas'],
  spring: ['spring', 'springtime'],
  autumn: ['autumn', 'autumnal', 'this fall', 'for fall', 'in fall', 'the fall', 'fall season'],
};

const ZH_SEASON: Table = {
  summer: ['夏天', '夏季', '夏'],
  winter: ['冬天', '冬季', '冬'],
  spring: ['春天', '春季', '春'],
  autumn: ['秋天', '秋季', '秋'],
};

const EN_WEATHER: Table = {
  hot: ['hot', 'heatwave', 'heat wave', 'scorching', 'boiling', 'humid', 'sweltering'],
  warm: ['warm weather', 'warm day', 'warm days', "it's warm", 'sunny'],
  mild: ['mild'],
  cool: ['cool weather', 'cool day', 'cool days', "it's cool", 'chilly', 'crisp'],
  cold: [
    'cold',
    'cold weather',
    'colder',
    'cool evenings',
    'something warmer',
    'warmer version',
    'a bit warmer',
    'warmer please',
  ],
  freezing: ['freezing', 'icy', 'below zero', 'sub zero', 'sub-zero', 'frosty'],
  rainy: ['rain', 'rainy', 'raining', 'wet', 'drizzle', 'showers', 'monsoon'],
  snowy: ['snow', 'snowy', 'snowing'],
  windy: ['windy', 'wind', 'breezy'],
};

const ZH_WEATHER: Table = {
  hot: ['炎热', '很热', '热', '高温'],
  warm: ['暖和', '温暖'],
  cool: ['凉快', '凉爽', '有点凉'],
  cold: ['寒冷', '很冷', '冷', '暖和点', '保暖一点'],
  freezing: ['零下', '冻死'],
  rainy: ['下雨', '雨天', '雨'],
  snowy: ['下雪', '雪天'],
  windy: ['刮风', '大风'],
};

const EN_GENDER: Table = {
  men: [
    'men',
    'man',
    'male',
    'guy',
    'guys',
    'gentleman',
    'gentlemen',
    'gents',
    'mens',
    "men's",
    'menswear',
    'husband',
    'boyfriend',
    'dad',
    'father',
    'brother',
    'him',
    'bloke',
  ],
  women: [
    'women',
    'woman',
    'female',
    'lady',
    'ladies',
    'womens',
    "women's",
    'womenswear',
    'wife',
    'girlfriend',
    'mum',
    'mom',
    'mother',
    'sister',
    'her',
  ],
  kids: ['kids', 'kid', 'children', 'child', 'toddler', 'baby', "kids'", 'childrens', "children's"],
  boys: ['boys', 'boy', 'son', "boys'"],
  girls: ['girls', 'girl', 'daughter', "girls'"],
  unisex: ['unisex', 'gender neutral', 'gender-neutral', 'non-binary', 'nonbinary'],
};

const ZH_GENDER: Table = {
  men: ['男士', '男生', '男人', '男款', '男装', '老公', '男朋友', '男友', '爸爸', '男'],
  women: ['女士', '女生', '女人', '女款', '女装', '老婆', '女朋友', '女友', '妈妈', '女'],
  kids: ['儿童', '孩子', '小孩', '童装', '宝宝'],
  boys: ['男孩', '儿子'],
  girls: ['女孩', '女儿'],
};

const EN_SLEEVE: Table = {
  long: ['long sleeve', 'long sleeves', 'long-sleeve', 'long-sleeved', 'long sleeved', 'full sleeve', 'full sleeves'],
  short: [
    'short sleeve',
    'short sleeves',
    'short-sleeve',
    'short-sleeved',
    'short sleeved',
    'half sleeve',
    'half sleeves',
    'half-sleeve',
  ],
  sleeveless: ['sleeveless', 'no sleeves', 'without sleeves', 'strapless'],
  'three-quarter': ['3/4 sleeve', '3/4 sleeves', 'three quarter sleeve', 'three-quarter sleeve'],
};

const ZH_SLEEVE: Table = {
  long: ['长袖'],
  short: ['短袖'],
  sleeveless: ['无袖'],
  'three-quarter': ['七分袖', '中袖'],
};

/** Real-world brands (a user's "by Nike"); unknown capitalised names after "from"/"by" are caught separately. */
const BRANDS: Table = {
  Nike: ['nike', '耐克'],
  Adidas: ['adidas', '阿迪达斯', '阿迪'],
  Puma: ['puma'],
  Reebok: ['reebok'],
  'New Balance': ['new balance'],
  Converse: ['converse'],
  Vans: ['vans'],
  Zara: ['zara'],
  'H&M': ['h&m', 'h & m', 'h and m'],
  Uniqlo: ['uniqlo', '优衣库'],
  Mango: ['mango'],
  Arket: ['arket'],
  "Levi's": ["levi's", 'levis', 'levi'],
  Gucci: ['gucci', '古驰'],
  Prada: ['prada'],
  'Ralph Lauren': ['ralph lauren'],
  'Tommy Hilfiger': ['tommy hilfiger'],
  'Calvin Klein': ['calvin klein'],
  Lacoste: ['lacoste'],
  'The North Face': ['the north face', 'north face'],
  Patagonia: ['patagonia'],
  Asics: ['asics'],
  'Dr. Martens': ['dr martens', 'doc martens'],
  Timberland: ['timberland'],
  Birkenstock: ['birkenstock', 'birkenstocks'],
  'Ray-Ban': ['ray-ban', 'rayban', 'ray ban'],
  'Hugo Boss': ['hugo boss'],
  Burberry: ['burberry'],
  'Massimo Dutti': ['massimo dutti'],
  Roadster: ['roadster'],
  'Allen Solly': ['allen solly'],
  'Van Heusen': ['van heusen'],
  'Li-Ning': ['li-ning', 'li ning', '李宁'],
  Anta: ['anta', '安踏'],
};

const EN_RATING: Table = {
  good: [
    'good reviews',
    'great reviews',
    'good ratings',
    'good rating',
    'high ratings',
    'high rating',
    'high reviews',
    'highly rated',
    'highly-rated',
    'well rated',
    'well-rated',
    'well reviewed',
    'well-reviewed',
    'top rated',
    'top-rated',
    'best rated',
    'best reviewed',
    'nicely reviewed',
    'positive reviews',
    'good customer reviews',
    'good customer ratings',
    'high customer ratings',
    'great ratings',
    'good feedback',
    'good quality',
    'rated well',
    'reviewed well',
  ],
};

const ZH_RATING: Table = { good: ['好评', '评价好', '评分高', '口碑好', '高评分'] };

const EN_PRICE_LEVEL: Table = {
  cheap: ['cheap', 'inexpensive', 'low price', 'low cost', 'low-cost', 'budget', 'bargain', 'on sale'],
  affordable: ['affordable', 'reasonably priced', 'reasonable price', 'budget-friendly', 'good value'],
  expensive: ['expensive', 'pricey', 'high-end', 'high end', 'luxury', 'luxurious', 'designer', 'premium', 'upscale'],
};

const ZH_PRICE_LEVEL: Table = {
  cheap: ['便宜', '便宜的', '平价', '低价'],
  affordable: ['实惠', '性价比高', '划算'],
  expensive: ['奢侈', '高档', '大牌', '贵的'],
};

const EN_PRICE_DIRECTION: Table = {
  lower: [
    'cheaper',
    'less expensive',
    'lower price',
    'lower priced',
    'more affordable',
    'less pricey',
    'cheaper ones',
    'too expensive',
    'too pricey',
    'too much money',
    'lower budget',
  ],
  higher: ['more expensive', 'pricier', 'higher end', 'higher-end', 'fancier', 'more upmarket', 'too cheap', 'posher'],
};

const ZH_PRICE_DIRECTION: Table = {
  lower: ['更便宜', '便宜点', '便宜一点', '便宜些', '太贵', '贵了'],
  higher: ['更贵', '贵一点', '更高档', '高端一点'],
};

/** What a user asks about an item. `sizes` = which sizes it comes in; `size` = its size. */
const EN_REQUEST: Table = {
  price: ['how much', 'price', 'prices', 'cost', 'costs', 'how expensive', 'pricing', 'priced'],
  size: ['what size', 'which size', 'size is', 'sizing', 'size run', 'fit', 'fits'],
  sizes: ['sizes', 'available sizes', 'come in', 'comes in', 'in stock', 'available in'],
  material: ['made of', 'made from', 'material', 'materials', 'fabric', 'fabrics', 'what is it made', 'composition'],
  color: [
    'what colour',
    'what color',
    'which colour',
    'which color',
    'colours',
    'colors',
    'other colours',
    'other colors',
  ],
  brand: ['brand', 'brands', 'who makes', 'who made', 'made by', 'designer', 'label', 'manufacturer'],
  reviews: ['reviews', 'review', 'rating', 'ratings', 'rated', 'customer reviews', 'what do people say'],
  pattern: ['what pattern', 'which pattern', 'pattern', 'patterns'],
  care: ['wash', 'washing', 'machine washable', 'dry clean', 'care instructions'],
  season: ['what season', 'which season', 'seasons'],
  sleeve_length: ['sleeve length', 'how long are the sleeves'],
};

const ZH_REQUEST: Table = {
  price: ['多少钱', '价格', '价钱', '几块钱', '什么价'],
  size: ['尺码', '码数', '尺寸', '合身'],
  sizes: ['有哪些尺码', '有什么尺码', '哪些码'],
  material: ['材质', '面料', '材料', '什么做的'],
  color: ['什么颜色', '哪些颜色', '其他颜色'],
  brand: ['品牌', '牌子', '哪个牌子'],
  reviews: ['评价', '评分', '口碑', '评论'],
  care: ['怎么洗', '机洗', '干洗'],
};

const EN_TONE: Table = {
  concise: [
    'be brief',
    'brief',
    'shorter',
    'short answers',
    'keep it short',
    'less text',
    'fewer words',
    'concise',
    'tl;dr',
    'tldr',
    'to the point',
  ],
  editorial: [
    'more detail',
    'more details',
    'in detail',
    'detailed',
    'elaborate',
    'tell me more',
    'longer answers',
    'explain more',
    'go deeper',
  ],
  friendly: [
    'friendly',
    'friendlier',
    'more casual tone',
    'chatty',
    'warmer tone',
    'talk normally',
    'speak normally',
    'answer normally',
    'reply normally',
    'write normally',
    'normal tone',
    'usual tone',
    'normal answers',
    'normal replies',
    'back to normal',
  ],
};

const ZH_TONE: Table = {
  concise: ['简短', '简洁', '说短点', '少说点', '简单点'],
  editorial: ['详细', '多说点', '详细一点', '具体一点'],
  friendly: ['亲切', '友好', '正常说话', '正常回答', '正常点'],
};

const EN_LANGUAGE: Table = {
  zh: ['chinese', 'mandarin', 'in chinese', 'speak chinese', 'putonghua', '中文', '说中文', '用中文'],
  en: ['english', 'in english', 'speak english'],
};

const ZH_LANGUAGE: Table = {
  zh: ['中文', '说中文', '用中文', '汉语', '普通话'],
  en: ['英文', '说英文', '用英文', '英语', '说英语'],
};

const EN_REGION: Table = {
  GB: ['uk', 'the uk', 'britain', 'great britain', 'england', 'london', 'united kingdom'],
  US: ['the us', 'usa', 'the usa', 'america', 'united states', 'the states', 'new york'],
  CN: ['china', 'shanghai', 'beijing'],
  FR: ['france', 'paris'],
  DE: ['germany', 'berlin'],
  IT: ['italy', 'milan'],
  ES: ['spain', 'madrid'],
  JP: ['japan', 'tokyo'],
  KR: ['korea', 'south korea', 'seoul'],
  IN: ['india', 'mumbai', 'delhi'],
  SE: ['sweden', 'stockholm'],
  NL: ['netherlands', 'amsterdam', 'holland'],
  AU: ['australia', 'sydney'],
  CA: ['canada', 'toronto'],
};

const ZH_REGION: Table = {
  GB: ['英国', '伦敦'],
  US: ['美国', '纽约'],
  CN: ['中国', '国内', '上海', '北京'],
  FR: ['法国', '巴黎'],
  DE: ['德国'],
  IT: ['意大利', '米兰'],
  JP: ['日本', '东京'],
  KR: ['韩国', '首尔'],
};

/** Negators; `pre` scope runs forward. */
const EN_NEGATION: Table = {
  not: [
    'no',
    'not',
    'less',
    'without',
    'except',
    'anything but',
    'anything except',
    'nothing',
    'never',
    'avoid',
    'hate',
    'hates',
    'dislike',
    'dislikes',
    'detest',
    "don't like",
    'dont like',
    'do not like',
    "don't want",
    'dont want',
    'do not want',
    "can't stand",
    'cant stand',
    'not a fan of',
    'no more',
    'skip',
    'exclude',
    'other than',
    'instead of',
    'rather than',
    'not into',
    'allergic to',
    'stay away from',
    "won't wear",
    'wont wear',
    'never wear',
    'but not',
    'nothing in',
    'no to',
  ],
};

const ZH_NEGATION: Table = {
  not: [
    '不要',
    '不想要',
    '不喜欢',
    '讨厌',
    '别',
    '除了',
    '不穿',
    '不要太',
    '避免',
    '不是',
    '不想',
    '不太',
    '不',
    '没有',
    '非',
  ],
};

/** Ordinals; values are 0-based indexes, -1 = last. */
const EN_ORDINAL: Table = {
  '0': ['first', '1st', 'former'],
  '1': ['second', '2nd'],
  '2': ['third', '3rd'],
  '3': ['fourth', '4th'],
  '4': ['fifth', '5th'],
  '5': ['sixth', '6th'],
  '-1': ['last', 'latter', 'final'],
};

const ZH_ORDINAL: Table = {
  '0': ['第一个', '第一件', '第一款', '第一条', '第一双', '第一套', '第一'],
  '1': ['第二个', '第二件', '第二款', '第二条', '第二双', '第二套', '第二'],
  '2': ['第三个', '第三件', '第三款', '第三条', '第三双', '第三'],
  '3': ['第四个', '第四件', '第四'],
  '4': ['第五个', '第五件', '第五'],
  '-1': ['最后一个', '最后一件', '最后一款', '最后那个', '最后一条', '最后一双'],
};

/** Every ordinal form, the longest first (so "第一件" wins over "第一"), with its pattern (English: whole words). */
const ORDINAL_FORMS = [...Object.entries(EN_ORDINAL), ...Object.entries(ZH_ORDINAL)]
  .flatMap(([value, forms]) => forms.map((form) => ({ form, value: Number(value) })))
  .sort((a, b) => b.form.length - a.form.length)
  .map(({ form, value }) => ({
    form,
    value,
    pattern: /^[a-z0-9]/.test(form) ? new RegExp(`\\b${form}\\b`, 'g') : new RegExp(form, 'g'),
  }));

/**
 * Every ordinal a text names, in the order it names them, as 0-based positions (-1: the last): "the first or the
 * fourth" → [0, 3], "第二件和最后一件" → [1, -1]. The parser keeps one reference; comparisons need both.
 * @example
 * ordinalsIn('is the 2nd better than the last one?'); // [1, -1]
 */
export function ordinalsIn(text: string): number[] {
  const found: { at: number; end: number; value: number }[] = [];
  const lower = text.toLowerCase();
  for (const { form, value, pattern } of ORDINAL_FORMS) {
    for (const match of lower.matchAll(pattern)) {
      const at = match.index;
      const end = at + form.length;
      if (!found.some((f) => at < f.end && end > f.at)) found.push({ at, end, value });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.value);
}

const EN_DETERMINER: Table = { the: ['the', 'that', 'this', 'those', 'these'] };
const EN_ANAPHORA: Table = {
  it: ['it', 'them', 'that one', 'this one', 'these ones', 'those ones', 'this item', 'that item', 'the one'],
};
const ZH_ANAPHORA: Table = {
  it: ['这个', '那个', '这件', '那件', '这条', '那条', '这双', '那双', '这款', '那款', '它', '这套', '那套'],
};
const EN_ONE: Table = { one: ['one', 'ones', 'item', 'items', 'option', 'options', 'pair', 'pairs', 'piece'] };

/**
 * Words that look like lexicon words but are not (protect them from matching a shorter entry or from typo
 * correction), e.g. "first date" is an occasion, "white tie" not a colour plus a tie.
 */
const ZH_STOP = [
  '有没有',
  '还有没有',
  '明年会',
  '今年会',
  '白天',
  '明白',
  '红包',
  '黄金周',
  '不错',
  '不用',
  '不客气',
  '不过',
  '冷静',
  '春节快乐',
  '包括',
  '包邮',
];

function add(map: Map<string, LexEntry[]>, surface: string, entry: LexEntry): void {
  const list = map.get(surface);
  if (!list) map.set(surface, [entry]);
  else if (!list.some((e) => e.kind === entry.kind && e.value === entry.value)) list.push(entry);
}

function addTable(map: Map<string, LexEntry[]>, kind: LexKind, table: Table): void {
  for (const [value, surfaces] of Object.entries(table)) for (const s of surfaces) add(map, s, { kind, value });
}

function plurals(word: string): string[] {
  if (/(s|x|ch|sh)$/.test(word)) return [`${word}es`];
  if (/[^aeiou]y$/.test(word)) return [`${word.slice(0, -1)}ies`, `${word}s`];
  return [`${word}s`];
}

/** Adds a category surface (and its plurals) unless the surface already names a category. */
function addCategory(map: Map<string, LexEntry[]>, surface: string, value: string): void {
  const hasCategory = (s: string) => map.get(s)?.some((e) => e.kind === 'category') ?? false;
  if (!hasCategory(surface)) add(map, surface, { kind: 'category', value });
  for (const p of plurals(surface)) if (!map.has(p)) add(map, p, { kind: 'category', value });
}

/** The English phrase table: surface phrase (lower-case, words separated by single spaces) → meanings. */
function buildEnglish(): Map<string, LexEntry[]> {
  const map = new Map<string, LexEntry[]>();
  for (const category of CATEGORIES) if (category !== 'other') addCategory(map, category, category);
  for (const type of Object.keys(ARTICLE_TYPES)) {
    if (type === 'other' || type === 'home') continue;
    addCategory(map, type, type);
    if (type.includes('-')) addCategory(map, type.replace(/-/g, ' '), type);
  }
  for (const [surface, type] of Object.entries(ARTICLE_SYNONYMS)) addCategory(map, surface, type);
  for (const [type, surfaces] of Object.entries(EN_CATEGORY_EXTRA)) for (const s of surfaces) addCategory(map, s, type);
  for (const [group, members] of Object.entries(ARTICLE_GROUPS)) if (members.length) addCategory(map, group, group);
  for (const color of COLORS) {
    add(map, color, { kind: 'color', value: color });
    if (color.includes('-')) add(map, color.replace(/-/g, ' '), { kind: 'color', value: color });
  }
  for (const [surface, color] of Object.entries(COLOR_SYNONYMS)) add(map, surface, { kind: 'color', value: color });
  addTable(map, 'color', EN_COLOR_EXTRA);
  addTable(map, 'pattern', EN_PATTERN);
  for (const p of PATTERNS) if (!map.has(p)) add(map, p, { kind: 'pattern', value: p });
  for (const m of MATERIALS) {
    add(map, m, { kind: 'material', value: m });
    if (m.includes('-')) add(map, m.replace(/-/g, ' '), { kind: 'material', value: m });
  }
  for (const [surface, m] of Object.entries(MATERIAL_SYNONYMS)) add(map, surface, { kind: 'material', value: m });
  addTable(map, 'material', EN_MATERIAL_EXTRA);
  for (const o of Object.values(OCCASIONS)) {
    add(map, o.name, { kind: 'occasion', value: o.name });
    for (const alias of o.aliases) add(map, alias, { kind: 'occasion', value: o.name });
  }
  addTable(map, 'occasion', EN_OCCASION_EXTRA);
  addTable(map, 'style', EN_STYLE);
  addTable(map, 'season', EN_SEASON);
  addTable(map, 'weather', EN_WEATHER);
  addTable(map, 'gender', EN_GENDER);
  addTable(map, 'sleeve_length', EN_SLEEVE);
  addTable(map, 'brand', BRANDS);
  addTable(map, 'rating', EN_RATING);
  addTable(map, 'price_level', EN_PRICE_LEVEL);
  addTable(map, 'price_direction', EN_PRICE_DIRECTION);
  addTable(map, 'request', EN_REQUEST);
  addTable(map, 'tone', EN_TONE);
  addTable(map, 'language', EN_LANGUAGE);
  addTable(map, 'region', EN_REGION);
  addTable(map, 'negation', EN_NEGATION);
  addTable(map, 'ordinal', EN_ORDINAL);
  addTable(map, 'determiner', EN_DETERMINER);
  addTable(map, 'anaphora', EN_ANAPHORA);
  addTable(map, 'one', EN_ONE);
  // Phrases that contain lexicon words but mean something else.
  for (const s of [
    'white tie',
    'top notch',
    'last minute',
    'first time',
    'no problem',
    'check out',
    'check it',
    'check this',
    'up to date',
    'wake up',
    'no worries',
    'not bad',
    'no thanks',
    'no thank you',
    'not sure',
    'no idea',
    'tone it down',
    'tone down',
    'toned down',
    'dress down',
    'down a bit',
    'down a notch',
    'walk me through',
    'walk you through',
    'walk through',
  ]) {
    if (!map.has(s)) add(map, s, { kind: 'stop', value: s });
  }
  return map;
}

/** The Chinese table: surface string → meanings (matched by longest match over characters). */
function buildChinese(): Map<string, LexEntry[]> {
  const map = new Map<string, LexEntry[]>();
  addTable(map, 'category', ZH_CATEGORY);
  addTable(map, 'color', ZH_COLOR);
  addTable(map, 'pattern', ZH_PATTERN);
  addTable(map, 'material', ZH_MATERIAL);
  addTable(map, 'occasion', ZH_OCCASION);
  addTable(map, 'style', ZH_STYLE);
  addTable(map, 'season', ZH_SEASON);
  addTable(map, 'weather', ZH_WEATHER);
  addTable(map, 'gender', ZH_GENDER);
  addTable(map, 'sleeve_length', ZH_SLEEVE);
  addTable(
    map,
    'brand',
    Object.fromEntries(Object.entries(BRANDS).map(([b, s]) => [b, s.filter((x) => /[\u4e00-\u9fff]/.test(x))])),
  );
  addTable(map, 'rating', ZH_RATING);
  addTable(map, 'price_level', ZH_PRICE_LEVEL);
  addTable(map, 'price_direction', ZH_PRICE_DIRECTION);
  addTable(map, 'request', ZH_REQUEST);
  addTable(map, 'tone', ZH_TONE);
  addTable(map, 'language', ZH_LANGUAGE);
  addTable(map, 'region', ZH_REGION);
  addTable(map, 'negation', ZH_NEGATION);
  addTable(map, 'ordinal', ZH_ORDINAL);
  addTable(map, 'anaphora', ZH_ANAPHORA);
  for (const s of ZH_STOP) add(map, s, { kind: 'stop', value: s });
  return map;
}

/** English phrases → meanings. */
export const EN_LEXICON: ReadonlyMap<string, readonly LexEntry[]> = buildEnglish();
/** Chinese strings → meanings. */
export const ZH_LEXICON: ReadonlyMap<string, readonly LexEntry[]> = buildChinese();

/** Which slot kinds are content (searchable attributes) rather than cue words. */
export const CONTENT_KINDS: ReadonlySet<LexKind> = new Set([
  'category',
  'color',
  'pattern',
  'material',
  'occasion',
  'style',
  'season',
  'weather',
  'gender',
  'sleeve_length',
  'brand',
  'rating',
  'price_level',
]);
