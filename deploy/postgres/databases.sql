-- Distributed mode: one database per service (analytics is POSTGRES_DB). Each service migrates its own.
CREATE DATABASE attribution;
CREATE DATABASE fraud;
CREATE DATABASE rewards;
