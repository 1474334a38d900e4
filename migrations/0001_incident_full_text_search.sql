-- Full-text search over incidents: title, summary, timeline and action items. drizzle cannot describe FTS5
-- virtual tables, so this one is written by hand. Rows are kept in step by the ingest (rowid = incidents.id).
CREATE VIRTUAL TABLE `incident_search` USING fts5(
  `title`,
  `summary`,
  `timeline`,
  `action_items`,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
