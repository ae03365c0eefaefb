// The `postgres` jest project: every Portico a test starts gets a fresh database on the run's cluster.
process.env.PORTICO_TEST_DB = 'postgres';
