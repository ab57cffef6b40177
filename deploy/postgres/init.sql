-- Run once per cluster by the database owner. Tables are created by the services' own migrations;
-- this only prepares the read-only role analysts use for the `analytics` schema (DESIGN.md §6).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'analyst') THEN
    CREATE ROLE analyst LOGIN PASSWORD 'change-me';
  END IF;
END $$;
CREATE SCHEMA IF NOT EXISTS analytics;
GRANT USAGE ON SCHEMA analytics TO analyst;
ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO analyst;
