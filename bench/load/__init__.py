"""Load test: many simulated learners reading lessons, using widgets and answering exercises.

`python -m bench.load` (from the repository root; `make load`) runs it against one server on
SQLite and against two server processes on a throwaway PostgreSQL cluster, then checks that
every answer the servers acknowledged is in the store, and writes its section of
docs/benchmarks.md.
"""
