-- Replays requests written by the bench (tools/bench/src/lib/wrk-load.ts), already formatted as raw HTTP.
-- The file holds records "<byte length>\n<request bytes>"; thread k of n sends records k, k+n, k+2n, ...
-- Arguments: <request file> <outcome file or "-"> <wrap: 1|0> <body sample every N, 0 for never>
--            <count statuses: 1|0> <thread count>
-- With wrap=0 each record is sent at most once and the thread stops when its share runs out.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("thread_index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local requests = {}
local next_index = 1
local wrap = true
local sample_every = 0
local out = nil
local count_statuses = false
local responses = 0
local thread_total = 1

-- Globals read back by done(), which runs in wrk's main Lua state, through thread:get.
counted = 0
sent = 0
exhausted = 0
statuses = {}

function init(args)
  wrap = args[3] == "1"
  sample_every = tonumber(args[4]) or 0
  count_statuses = args[5] == "1"
  if count_statuses then counted = 1 end
  thread_total = tonumber(args[6]) or 1
  if args[2] ~= "-" then
    out = assert(io.open(args[2] .. "." .. thread_index, "wb"))
    out:setvbuf("full", 1048576)
  end
  -- Without a response() wrk does not parse headers or bodies: keep it only when something is recorded.
  if out == nil and not count_statuses then response = nil end
  -- Record by record, keeping only this thread's share: the file can hold hundreds of megabytes of bodies.
  local file = assert(io.open(args[1], "rb"))
  local record = 0
  while true do
    local header = file:read("*l")
    if header == nil then break end
    local raw = file:read(tonumber(header))
    if record % thread_total == thread_index then
      table.insert(requests, raw)
    end
    record = record + 1
  end
  file:close()
end

function request()
  if next_index > #requests then
    if wrap and #requests > 0 then
      next_index = 1
    else
      exhausted = 1
      wrk.thread:stop()
      return wrk.format("GET", "/bench-pool-exhausted")
    end
  end
  local raw = requests[next_index]
  next_index = next_index + 1
  sent = sent + 1
  return raw
end

function response(status, headers, body)
  if count_statuses then
    statuses[status] = (statuses[status] or 0) + 1
  end
  if out == nil then return end
  local id = headers["x-request-id"] or headers["X-Request-Id"] or "-"
  responses = responses + 1
  if sample_every > 0 and responses % sample_every == 0 then
    out:write(id, " ", status, " ", string.len(body), "\n", body, "\n")
  elseif string.sub(id, 1, 1) == "b" then
    out:write(id, " ", status, " 0\n\n")
  end
end

function done(summary, latency, requests_done)
  local parts = {}
  local totals = {}
  local sent = {}
  local exhausted_threads = 0
  local counted_any = false
  for _, thread in ipairs(threads) do
    if thread:get("counted") == 1 then counted_any = true end
    table.insert(sent, tostring(thread:get("sent") or 0))
    exhausted_threads = exhausted_threads + (thread:get("exhausted") or 0)
    local counted = thread:get("statuses") or {}
    for status, count in pairs(counted) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do
    table.insert(parts, string.format('"%d":%d', status, count))
  end
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationUs":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p99":%d},' ..
    '"sentByThread":[%s],"exhaustedThreads":%d,"statusesCounted":%s,"statuses":{%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency.mean, latency.max, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    table.concat(sent, ","), exhausted_threads, tostring(counted_any),
    table.concat(parts, ",")))
end
