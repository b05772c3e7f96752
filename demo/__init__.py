"""Demo and benchmark data (`manage.py demo_data`, `manage.py bench_seed`).

The one app that may import every other app: it sits on the top floor, beside `bench`, and no
product app imports it. Each app's own demo data lives next to the app (`referrals/demo.py`,
`grants/demo.py`); the commands here put them together.
"""
