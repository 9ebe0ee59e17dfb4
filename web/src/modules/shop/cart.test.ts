// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { addToCart, cartTotal, clampQuantity, lineErrorsOf, redemptionOf, shortfall, type CartLine } from './cart';
import { donorLine, stockText } from './format';

const kettle = { id: 1, name: '热水壶', pointsPrice: 120, stock: 2, monthlyLimit: 1 };
const cup = { id: 2, name: '水杯', pointsPrice: 30, stock: 50, monthlyLimit: null };

describe('counter cart', () => {
  it('adds an item once and counts up when it is picked again, never past the stock', () => {
    let lines: CartLine[] = [];
    lines = addToCart(lines, kettle);
    lines = addToCart(lines, cup);
    lines = addToCart(lines, kettle);
    lines = addToCart(lines, kettle);
    expect(lines.map((l) => [l.itemId, l.quantity])).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });

  it('totals the cart and says how many points are missing', () => {
    const lines = [
      { pointsPrice: 120, quantity: 1 },
      { pointsPrice: 30, quantity: 3 },
    ];
    expect(cartTotal(lines)).toBe(210);
    expect(cartTotal([])).toBe(0);
    expect(shortfall(210, 200)).toBe(10);
    expect(shortfall(210, 210)).toBe(0);
    expect(shortfall(210, 211)).toBe(0);
    expect(shortfall(210, undefined)).toBe(0);
  });

  it('keeps typed quantities whole and within 1…stock', () => {
    expect(clampQuantity('3', { stock: 50 })).toBe(3);
    expect(clampQuantity('0', { stock: 50 })).toBe(1);
    expect(clampQuantity('abc', { stock: 50 })).toBe(1);
    expect(clampQuantity(2.7, { stock: 50 })).toBe(2);
    expect(clampQuantity(9, { stock: 2 })).toBe(2);
    expect(clampQuantity(500, { stock: 1000 })).toBe(100);
  });

  it('puts each refusal beside the line it names', () => {
    const lines = [{ itemId: 7 }, { itemId: 9 }];
    const { byItem, form } = lineErrorsOf(
      [
        { field: 'lines.1.quantity', message: '热水壶 库存只剩 2 件' },
        { field: 'lines.0.itemId', message: '香皂 已暂停兑换' },
        { field: 'lines.5.quantity', message: '不存在的行' },
        { field: 'residentId', message: '居民不存在' },
      ],
      lines,
    );
    expect(byItem).toEqual({ 9: '热水壶 库存只剩 2 件', 7: '香皂 已暂停兑换' });
    expect(form).toEqual(['不存在的行', '居民不存在']);
  });

  it('fingerprints the same cart the same way, and a changed cart differently', () => {
    const a = redemptionOf(5, [{ itemId: 1, quantity: 2 }]);
    expect(a.body).toEqual({ residentId: 5, lines: [{ itemId: 1, quantity: 2 }] });
    expect(redemptionOf(5, [{ itemId: 1, quantity: 2 }]).fingerprint).toBe(a.fingerprint);
    expect(redemptionOf(5, [{ itemId: 1, quantity: 3 }]).fingerprint).not.toBe(a.fingerprint);
    expect(redemptionOf(6, [{ itemId: 1, quantity: 2 }]).fingerprint).not.toBe(a.fingerprint);
  });
});

describe('shelf wording', () => {
  it('names the donors like the blue label', () => {
    expect(donorLine([{ merchantId: 1, name: '山西晋昶商贸有限责任公司' }])).toBe('山西晋昶商贸有限责任公司 捐赠');
    expect(donorLine([{ name: 'A' }, { name: 'B' }, { name: 'A' }])).toBe('A、B 捐赠');
    expect(donorLine([])).toBe('');
  });
  it('says what is left', () => {
    expect(stockText(6)).toBe('还剩 6 件');
    expect(stockText(0)).toBe('已兑完');
  });
});
