"""Benchmarks with national-scale data (issue #9). Not part of the product or the test suite.

`bench.seed` fills a PostgreSQL database (command `bench_seed`), `bench/run.sh` measures pages
under load with gunicorn and wrk, `bench/fanout.py` measures the reminder fan-out with real
Celery workers. See bench/README.md.
"""
