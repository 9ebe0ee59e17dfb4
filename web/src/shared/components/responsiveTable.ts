/** A column of `ResponsiveTable`: a table column on a desk, a labelled line of each card on a phone. */
export interface ResponsiveColumn {
  key: string;
  label: string;
  /** extra class on the cell: `zl-mono`, `zl-table__num` … */
  cellClass?: string;
  /** the table column's width on a desk */
  width?: string;
}
