-- wrk script for bench/load_run.py: each request takes a random path from the paths file (one path
-- a line; a path listed several times is asked that much more often) and every non-2xx answer is
-- counted by path, so that an intended 404 can be told from a real error.
--   wrk -t2 -c8 -d300s --timeout 10s -s bench/load_mixed.lua http://127.0.0.1:PORT -- PATHS_FILE

local paths = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  failures = {}
end

function request()
  last_path = paths[math.random(#paths)]
  return wrk.format("GET", last_path)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    local key = status .. " " .. last_path
    failures[key] = (failures[key] or 0) + 1
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write("JSON{")
  io.write(string.format('"requests": %d, "seconds": %.1f, ', summary.requests, summary.duration / 1e6))
  io.write(string.format('"requests_per_second": %.1f, ', summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format('"p%d_ms": %.1f, ', p, latency:percentile(p) / 1000))
  end
  io.write(string.format('"max_ms": %.1f, "mean_ms": %.1f, ', latency.max / 1000, latency.mean / 1000))
  io.write(string.format('"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ',
    errors.connect, errors.read, errors.write, errors.timeout))
  io.write(string.format('"non_2xx": %d, "failures": {', errors.status))
  local first = true
  for _, thread in ipairs(threads) do
    local counted = thread:get("failures")
    for key, n in pairs(counted) do
      if not first then io.write(", ") end
      io.write(string.format('"%s": %d', key:gsub('"', '\\"'), n))
      first = false
    end
  end
  io.write("}}\n")
end
