-- wrk: one machine-readable line at the end (latencies in microseconds), for bench/load.py.
-- wrk's own --latency output has no p95.
-- With BENCH_VARY=<token> (new for every run) every request gets a query string of its own
-- (&r=token-thread-counter), so that no answer can come from the site's cache.

local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local vary = os.getenv("BENCH_VARY") or ""
if vary ~= "" then
  local counter = 0
  request = function()
    counter = counter + 1
    return wrk.format(nil, wrk.path .. "&r=" .. vary .. "-" .. tid .. "-" .. counter)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d socket_errors=%d timeouts=%d status_errors=%d " ..
    "p50=%.0f p95=%.0f p99=%.0f max=%.0f\n",
    summary.requests, summary.duration, e.connect + e.read + e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
