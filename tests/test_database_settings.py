"""The site's PostgreSQL connections plan for data in memory or on SSD (config/settings/base.py):
with PostgreSQL's default random_page_cost the directory's full-text count reads every
organisation instead of using the GIN index."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_connections_use_random_page_cost_1_1():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
