/**
 * Fictional names for the demo county, composed at random from common characters. The people
 * named in the newspaper story are excluded so no demo resident carries a real person's name.
 */
export const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
export const GIVEN =
  '秀英桂兰玉珍凤华建国志明春梅淑芬丽娟海燕宏伟文博子涵雨轩思彤德福永胜玉霞振华秋菊金花晓东晓红立新红梅俊杰雪梅建军丽萍国强冬梅淑珍慧敏佳怡浩然欣怡明轩家豪';

export const REAL_NAMES_IN_THE_STORY = new Set(['王小丽', '宁俊丽', '张立明', '吴娜', '杨红义', '高琳']);

export function fictionalName(random: () => number): string {
  for (;;) {
    const surname = SURNAMES[Math.floor(random() * SURNAMES.length)]!;
    const length = random() < 0.75 ? 2 : 1;
    let given = '';
    for (let i = 0; i < length; i++) given += GIVEN[Math.floor(random() * GIVEN.length)]!;
    const name = surname + given;
    if (!REAL_NAMES_IN_THE_STORY.has(name)) return name;
  }
}

/** A small deterministic PRNG (mulberry32): the demo county is the same on every fresh start. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
