import type ExcelJS from 'exceljs';
import {
  AGE_BAND_LABELS,
  countyClockOf,
  countyDateOf,
  periodLabel,
  reportSummary,
  reportTitle,
  serviceTotals,
} from '@zhongli/domain';
import type { ReportView } from './reports.service.js';

// Loaded on first use, not at start: importing exceljs costs about 0.9 s of CPU and most starts never need it.
const loadExcel = () => import('exceljs').then((m) => m.default);

interface Column {
  header: string;
  width: number;
}

function sheet(book: ExcelJS.Workbook, name: string, columns: Column[], rows: (string | number)[][]): void {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF7ECEC' } };
  for (const row of rows) ws.addRow(row);
}

/** County-local, as staff read it: 2026-12-01 08:30. */
const countyTime = (instant: string) => `${countyDateOf(new Date(instant))} ${countyClockOf(new Date(instant)).time}`;

/** The report as an Excel workbook: one sheet per section, Chinese headers, widths set, the header row frozen. */
export async function reportWorkbook(view: ReportView): Promise<{ filename: string; bytes: Buffer }> {
  const { period: p, figures: f } = view;
  const title = reportTitle(p.kind, p.period, f.period.scopeName);
  const book = new (await loadExcel()).Workbook();
  book.creator = f.period.scopeName;
  const two = [
    { header: '项目', width: 24 },
    { header: '数值', width: 60 },
  ];
  sheet(book, '概况', two, [
    ['报表', title],
    ['统计期间', `${periodLabel(p.kind, p.period)}（${p.from} 至 ${p.to}）`],
    ['状态', view.state === 'frozen' ? '已结束，数据已固定' : '统计中（本期尚未结束）'],
    ['生成时间', view.generatedAt ? countyTime(view.generatedAt) : '—'],
    ['生成人', view.generatedBy ?? '—'],
    ['举办活动（场）', f.activities.held],
    ['取消活动（场）', f.activities.cancelled],
    ['活动签到（人次）', f.participation.checkins],
    ['参与居民（人）', f.participation.distinctResidents],
    ['居民提出需求（项）', f.needs.raised],
    ['回应需求（项）', f.needs.answered],
    ['志愿服务时长（小时）', f.volunteerHours.hours],
    ['志愿者（人）', f.volunteerHours.volunteers],
    ['发放积分（分）', f.points.issued],
    ['兑换积分（分）', f.points.redeemed],
    ['收到捐赠（笔）', f.donations.donations],
    ['感谢捐赠方（位）', f.donations.donors.length],
    ['参与商户（家）', f.merchants.participating],
    ['商户贡献（次）', f.merchants.contributions],
    ...reportSummary(p.kind, p.period, f).map((line, i) => [i === 0 ? '文字小结' : '', line]),
  ]);
  // The sections, one sheet each: name, [header, width] per column, rows.
  const sections: [string, [string, number][], (string | number)[][]][] = [
    [
      '活动分类',
      [
        ['活动类别', 20],
        ['举办场次', 12],
        ['参与人次', 12],
      ],
      f.activities.byCategory.map((c) => [c.category, c.held, c.participants]),
    ],
    [
      '年龄段',
      [
        ['年龄段', 16],
        ['参与居民（人）', 16],
      ],
      f.participation.byAgeBand.map((b) => [AGE_BAND_LABELS[b.band], b.residents]),
    ],
    [
      '便民服务',
      [
        ['服务', 20],
        ['场次', 10],
        ['已服务（人次）', 16],
        ['未到（人次）', 14],
      ],
      serviceTotals(f).map((s) => [s.serviceName, s.sessions, s.served, s.noShow]),
    ],
    [
      '捐赠方',
      [
        ['捐赠方', 28],
        ['捐赠（笔）', 12],
      ],
      f.donations.donors.map((d) => [d.name, d.donations]),
    ],
  ];
  if (view.communityId === null)
    sections.push([
      '各社区',
      [
        ['社区', 20],
        ['举办活动（场）', 16],
        ['签到（人次）', 14],
        ['参与居民（人）', 16],
        ['志愿服务（小时）', 18],
        ['发放积分（分）', 16],
      ],
      f.byCommunity.map((c) => [
        c.name,
        c.activitiesHeld,
        c.checkins,
        c.distinctResidents,
        c.volunteerHours,
        c.pointsIssued,
      ]),
    ]);
  for (const [name, columns, rows] of sections)
    sheet(
      book,
      name,
      columns.map(([header, width]) => ({ header, width })),
      rows,
    );
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  return { filename: `report-${p.kind}-${p.period}-${view.communityId ?? 'county'}.xlsx`, bytes };
}
