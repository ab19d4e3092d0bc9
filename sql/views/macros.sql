-- Macros the history queries share (sql/queries), available in vigil sql too. DuckDB; one statement per ';'.

-- A series as people read it: its name, then its labels when it has any.
CREATE MACRO series_subject(name, labels) AS
  name || CASE WHEN cardinality(CAST(labels AS MAP(VARCHAR, VARCHAR))) = 0 THEN '' ELSE ' ' || CAST(labels AS VARCHAR) END;

-- A log message with numbers, addresses and hex masked as <*>: the template of a line the miner did not name.
CREATE MACRO masked(message) AS
  regexp_replace(message, '(\d{1,3}\.){3}\d{1,3}|0x[0-9a-fA-F]+|[0-9a-fA-F]{8,}|\d+', '<*>', 'g');
