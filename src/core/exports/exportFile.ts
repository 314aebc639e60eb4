// Renders an export in one of three formats. CSV follows RFC 4180 (comma-separated, CRLF line ends,
// fields with a comma, quote or line break quoted and their quotes doubled); Markdown is one table;
// JSON keeps the records' own structure (lists stay lists).
export const EXPORT_FORMATS = ["csv", "json", "md"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type Cell = string | number | boolean | null;

export interface Column<R> {
  header: string;
  value: (record: R) => Cell;
}

export interface ExportFile {
  format: ExportFormat;
  filename: string;
  mediaType: string;
  content: string;
  /** How many records it holds. */
  count: number;
}

const MEDIA_TYPES: Record<ExportFormat, string> = { csv: "text/csv", json: "application/json", md: "text/markdown" };

const text = (cell: Cell): string => (cell === null ? "" : String(cell));

/**
 * A spreadsheet runs a cell that starts with = + - @ as a formula; what delegates typed (an objection's
 * reason) must open as text, so such a cell gets a leading apostrophe, as OWASP recommends for CSV.
 */
const defuse = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

function csvField(cell: Cell): string {
  const value = typeof cell === "string" ? defuse(cell) : text(cell);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv<R>(columns: Column<R>[], records: R[]): string {
  const lines = [columns.map((c) => csvField(c.header)), ...records.map((r) => columns.map((c) => csvField(c.value(r))))];
  return lines.map((fields) => fields.join(",")).join("\r\n") + "\r\n";
}

const mdCell = (cell: Cell): string => text(cell).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");

export function toMarkdown<R>(columns: Column<R>[], records: R[]): string {
  const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [row(columns.map((c) => mdCell(c.header))), row(columns.map(() => "---")), ...records.map((r) => row(columns.map((c) => mdCell(c.value(r)))))].join("\n") + "\n";
}

/** The file of an export: a table for csv and md, the records themselves for json. */
export function exportFile<R>(name: string, format: ExportFormat, columns: Column<R>[], records: R[], json: (record: R) => unknown): ExportFile {
  const content = format === "csv" ? toCsv(columns, records) : format === "md" ? toMarkdown(columns, records) : JSON.stringify(records.map(json), null, 2) + "\n";
  return { format, filename: `${name}.${format}`, mediaType: MEDIA_TYPES[format], content, count: records.length };
}
