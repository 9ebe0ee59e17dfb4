import type { TItemDonor } from '@zhongli/domain';

/** '山西晋昶商贸有限责任公司 捐赠' / 'A、B 捐赠' — as the blue shelf label says it. */
export function donorLine(donors: TItemDonor[]): string {
  const names = [...new Set(donors.map((d) => d.name))];
  return names.length ? `${names.join('、')} 捐赠` : '';
}

/** '还剩 6 件' / '已兑完'. */
export function stockText(stock: number): string {
  return stock > 0 ? `还剩 ${stock} 件` : '已兑完';
}
