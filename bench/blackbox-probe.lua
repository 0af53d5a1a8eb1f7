-- wrk script of bench/run for blackbox_exporter's /probe: besides wrk's own request latency,
-- reads each answer's probe_success and probe_duration_seconds, so the probe's own latency is
-- reported as for the agent (timings.totalMs), and failed probes are counted, not hidden
-- behind HTTP 200 (blackbox answers 200 with probe_success 0 when the probe fails).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  hist = {}   -- probe_duration in 10 microsecond buckets -> count
  ok = 0
  failed = 0
end

function response(status, headers, body)
  local success = body:match("\nprobe_success (%d)")
  if status == 200 and success == "1" then
    ok = ok + 1
  else
    failed = failed + 1
  end
  local d = body:match("\nprobe_duration_seconds ([%d%.eE%+%-]+)")
  if d then
    local b = math.floor(tonumber(d) * 1e5)
    hist[b] = (hist[b] or 0) + 1
  end
end

local function percentile(buckets, total, p)
  local want = math.ceil(p / 100 * total)
  local seen = 0
  for _, b in ipairs(buckets.keys) do
    seen = seen + buckets.counts[b]
    if seen >= want then
      return b / 100.0  -- ms
    end
  end
  return -1
end

function done(summary, latency, requests)
  local counts, keys, total, okAll, failedAll = {}, {}, 0, 0, 0
  for _, t in ipairs(threads) do
    okAll = okAll + t:get("ok")
    failedAll = failedAll + t:get("failed")
    for b, c in pairs(t:get("hist")) do
      if counts[b] == nil then
        table.insert(keys, b)
        counts[b] = 0
      end
      counts[b] = counts[b] + c
      total = total + c
    end
  end
  table.sort(keys)
  local buckets = { keys = keys, counts = counts }
  io.write(string.format(
    "PROBES ok=%d failed=%d probe_p50_ms=%.2f probe_p99_ms=%.2f wrk_p50_ms=%.2f wrk_p99_ms=%.2f\n",
    okAll, failedAll, percentile(buckets, total, 50), percentile(buckets, total, 99),
    latency:percentile(50) / 1000.0, latency:percentile(99) / 1000.0))
end
