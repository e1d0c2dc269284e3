// Plain-text tables for stdout: columns padded to the widest cell, no borders (easy to grep/awk).

export function renderTable(
  header: readonly string[],
  rows: readonly (readonly (string | number | bigint)[])[],
): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return (
    cells
      .map((r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
