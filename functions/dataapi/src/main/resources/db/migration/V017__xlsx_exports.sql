-- Exports gain the XLSX workbook.
ALTER TABLE exports DROP CONSTRAINT exports_format_check;
ALTER TABLE exports ADD CONSTRAINT exports_format_check CHECK (format IN ('CSV', 'ZIP', 'XLSX'));
