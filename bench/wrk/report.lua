-- report.lua — included by every wrk script of bench/run.sh: numbers each thread (global `id`,
-- 0-based, set before the thread's init) and, when wrk ends, prints one line that run.sh reads:
--   BENCH requests=N seconds=S rps=R p50_ms=A p90_ms=B p99_ms=C max_ms=D status_errors=E
--         socket_errors=F exhausted=G
-- status_errors counts answers >= 400; exhausted counts threads that ran out of unique work
-- (their rate would then be too low, and run.sh tops up and measures again).
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local exhausted = 0
  for _, t in ipairs(threads) do
    if t:get("exhausted") then exhausted = exhausted + 1 end
  end
  local e = summary.errors
  local s = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "status_errors=%d socket_errors=%d exhausted=%d\n",
    summary.requests, s, summary.requests / s,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, e.status, e.connect + e.read + e.write + e.timeout, exhausted))
end
