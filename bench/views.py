"""The throughput floor of the load benchmark: the least a Django view can do.

Routed at /bench/floor only when the environment sets BENCH_FLOOR_VIEW=1 (config/urls.py);
production never has it. It passes through the whole middleware stack like every page.
"""

from django.http import HttpResponse


def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")
