/**
 * The standard label sets of Chinese (mainland) plates: position 1 is a province character,
 * position 2 a letter, positions 3–7 digits or letters. I and O never appear (they read as
 * 1 and 0).
 */

/** The 31 province characters, in the usual order. */
export const PROVINCES: readonly string[] = [
  ...'京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新',
];

/**
 * EasyPR's class-folder codes for the province characters (`charsChinese/zh_jing/…`), as in
 * its province_mapping.txt.
 */
export const PROVINCE_CODES: Readonly<Record<string, string>> = {
  zh_cuan: '川',
  zh_e: '鄂',
  zh_gan: '赣',
  zh_gan1: '甘',
  zh_gui: '贵',
  zh_gui1: '桂',
  zh_hei: '黑',
  zh_hu: '沪',
  zh_ji: '冀',
  zh_jin: '津',
  zh_jing: '京',
  zh_jl: '吉',
  zh_liao: '辽',
  zh_lu: '鲁',
  zh_meng: '蒙',
  zh_min: '闽',
  zh_ning: '宁',
  zh_qing: '青',
  zh_qiong: '琼',
  zh_shan: '陕',
  zh_su: '苏',
  zh_sx: '晋',
  zh_wan: '皖',
  zh_xiang: '湘',
  zh_xin: '新',
  zh_yu: '豫',
  zh_yu1: '渝',
  zh_yue: '粤',
  zh_yun: '云',
  zh_zang: '藏',
  zh_zhe: '浙',
};

/** The 24 plate letters: A–Z without I and O. */
export const LETTERS: readonly string[] = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];

/** Digits then the 24 letters: the 34 classes of positions 3–7. */
export const ALNUM: readonly string[] = [...'0123456789', ...LETTERS];

/** The three character classifiers of a plate reader. */
export type GlyphKind = 'province' | 'letter' | 'alnum';

/** The label set of a kind, in class-index order. */
export function labelsOf(kind: GlyphKind): readonly string[] {
  return kind === 'province' ? PROVINCES : kind === 'letter' ? LETTERS : ALNUM;
}
