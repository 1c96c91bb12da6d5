-- What the wrk scripts that count what the server accepted share (web_signing.lua,
-- osdi_signup.lua): each thread's number (`id`, from 1), and at the end each thread's
-- sent, ok and failed, summed, with the latency percentiles, as "@name=value" lines that
-- bench/web_common.py reads. A script loads it first, then counts in `sent`, `ok` and
-- `failed`.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local total_sent, total_ok, total_failed = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_sent = total_sent + thread:get("sent")
    total_ok = total_ok + thread:get("ok")
    total_failed = total_failed + thread:get("failed")
  end
  io.write(string.format("@sent=%d\n@ok=%d\n@failed=%d\n", total_sent, total_ok, total_failed))
  io.write(string.format("@p50_ms=%.2f\n@p90_ms=%.2f\n@p99_ms=%.2f\n@max_ms=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
