-- wrk script for bench/load_run.py: each request takes a random path from the paths file (one path
-- a line; a path listed several times is asked that much more often). Statuses by path are read
-- from gunicorn's access log afterwards (wrk cannot tell which connection a response belongs to).
--   wrk -t2 -c8 -d300s --timeout 10s -s bench/load_mixed.lua http://127.0.0.1:PORT -- PATHS_FILE

local paths = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("id", count)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  math.randomseed(os.time() * 100 + id)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  io.write("JSON{")
  io.write(string.format('"requests": %d, "seconds": %.1f, ', summary.requests, seconds))
  io.write(string.format('"requests_per_second": %.1f, ', summary.requests / seconds))
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format('"p%d_ms": %.1f, ', p, latency:percentile(p) / 1000))
  end
  io.write(string.format('"max_ms": %.1f, "mean_ms": %.1f, ', latency.max / 1000, latency.mean / 1000))
  io.write(string.format('"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ',
    errors.connect, errors.read, errors.write, errors.timeout))
  io.write(string.format('"non_2xx_3xx": %d}\n', errors.status))
end
