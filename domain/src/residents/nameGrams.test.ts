import { describe, expect, it } from 'vitest';
import { nameGrams, searchGrams } from './nameGrams.js';

describe('name grams', () => {
  it('indexes every character and every adjacent pair of a name, once each', () => {
    expect(nameGrams('王秀英').sort()).toEqual(['王', '王秀', '秀', '秀英', '英'].sort());
    expect(nameGrams('英英').sort()).toEqual(['英', '英英'].sort());
    expect(nameGrams('李')).toEqual(['李']);
  });

  it('asks for the character of a one-character search and every pair of a longer one', () => {
    expect(searchGrams('秀')).toEqual(['秀']);
    expect(searchGrams('秀英')).toEqual(['秀英']);
    expect(searchGrams('王秀英')).toEqual(['王秀', '秀英']);
  });

  it('finds every name containing the text: the search grams are among the name grams', () => {
    for (const [name, text] of [
      ['阿依古丽·买买提', '古丽'],
      ['阿依古丽·买买提', '·买'],
      ['王秀英', '王秀英'],
      ['Anna Wang', 'WANG'],
    ] as const)
      expect(nameGrams(name)).toEqual(expect.arrayContaining(searchGrams(text)));
  });

  it('counts code points, as SQL substr does (a character outside the BMP is one, not two)', () => {
    expect(nameGrams('𠀋一')).toEqual(['𠀋', '一', '𠀋一']);
  });

  it('folds ASCII letters only', () => {
    expect(nameGrams('É')).toEqual(['É']);
    expect(nameGrams('Ab')).toEqual(['a', 'b', 'ab']);
  });
});
