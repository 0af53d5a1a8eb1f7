-- wrk script of bench/coordinator: posts checks to a coordinator and counts what it answers.
--   wrk ... -s bench/coordinator.lua URL/api/v1/checks -- MODE TARGET [IDS_PREFIX]
-- MODE fresh: a distinct target per request (TARGET?t=<thread>-<n>), "fresh": true.
-- MODE coalesced: the same TARGET every time, coalescing allowed.
-- With IDS_PREFIX, each thread writes the id of every accepted check (200/202) to IDS_PREFIX.<thread>,
-- so the run can check afterwards that each one became final with the right verdict.
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode, target, ids = args[1], args[2], args[3]
  n, s200, s202, s503, s503ra, s503busy, s429, sother = 0, 0, 0, 0, 0, 0, 0, 0
  if ids then
    idfile = io.open(ids .. "." .. tid, "w")
    idfile:setvbuf("line")
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if mode == "coalesced" then
    fixed = wrk.format(nil, nil, nil, string.format('{"target":"%s"}', target))
  end
end

function request()
  if fixed then
    return fixed
  end
  n = n + 1
  return wrk.format(nil, nil, nil, string.format('{"target":"%s?t=%d-%d","fresh":true}', target, tid, n))
end

function response(status, headers, body)
  if status == 202 or status == 200 then
    if status == 202 then s202 = s202 + 1 else s200 = s200 + 1 end
    if idfile then
      idfile:write(body:match('"id":"([^"]+)"') or "?", "\n")
    end
  elseif status == 503 then
    s503 = s503 + 1
    if headers["Retry-After"] or headers["retry-after"] then
      s503ra = s503ra + 1
    end
    -- "Coordinator busy" (load shedding), not "No live region" or Kafka down
    if body and body:find("Coordinator busy", 1, true) then
      s503busy = s503busy + 1
    end
  elseif status == 429 then
    s429 = s429 + 1
  else
    sother = sother + 1
  end
end

function done(summary, latency, requests)
  local t = { s200 = 0, s202 = 0, s503 = 0, s503ra = 0, s503busy = 0, s429 = 0, sother = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do
      t[k] = t[k] + (thread:get(k) or 0)
    end
  end
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.2f ok200=%d ok202=%d s503=%d s503_retry_after=%d s503_busy=%d s429=%d other=%d "
      .. "socket_errors=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, secs, t.s200, t.s202, t.s503, t.s503ra, t.s503busy, t.s429, t.sother,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
