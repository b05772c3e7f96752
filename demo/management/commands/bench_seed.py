"""Seed a national-scale benchmark data set into an empty, migrated PostgreSQL database.

    python manage.py bench_seed                # 50 municipalities ... 100,000 referrals
    python manage.py bench_seed --scale 0.05   # a twentieth, for trying things out
    python manage.py bench_seed --manifest bench/results/manifest.json

The manifest names what the load benchmark requests (an organisation, a feed token, sessions of
a coordinator and a caseworker). See bench/README.md.
"""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import seed as bench_seed


class Command(BaseCommand):
    help = "Seed a national-scale benchmark data set (bulk inserts) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="multiply every count")
        parser.add_argument(
            "--profile",
            choices=sorted(bench_seed.PROFILES),
            default="national",
            help="national (50 municipalities) or nordic (454, ten times the data; issue #24)",
        )
        parser.add_argument("--seed", type=int, default=9, help="random seed (deterministic)")
        parser.add_argument("--manifest", type=Path, help="write what the benchmark needs here")

    def handle(self, *args, scale, seed, manifest, profile, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_seed needs PostgreSQL (the search and the triggers do).")
        started = time.perf_counter()
        try:
            result = bench_seed.seed(
                scale=scale, random_seed=seed, log=self.stdout.write, profile=profile
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        for name, count in sorted(result.counts.items()):
            self.stdout.write(f"  {count:>9,}  {name}")
        self.stdout.write(self.style.SUCCESS(f"Seeded at scale {scale} in {seconds:.1f} s"))
        if manifest:
            data = bench_seed.manifest(seconds=seconds, result=result, scale=scale, profile=profile)
            manifest.parent.mkdir(parents=True, exist_ok=True)
            manifest.write_text(json.dumps(data, indent=2))
            self.stdout.write(f"Manifest written to {manifest}")
