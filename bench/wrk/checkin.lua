-- checkin.lua — door scans: POSTs check-ins by registration code, each code once, with a client_id
-- each. The codes file has one code per line; thread i of T takes lines i, i+T, i+2T, ...
-- The staff token (from POST /api/v1/session) is the third argument.
-- A thread that runs out sets `exhausted` and stops (run.sh then registers more and measures again).
--   wrk ... -s bench/wrk/checkin.lua URL/api/v1/editions/SLUG/checkins -- CODES T TOKEN
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

local codes, i = {}, 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
  local nthreads, k = tonumber(args[2]), 0
  wrk.headers["Authorization"] = "Bearer " .. args[3]
  for line in io.lines(args[1]) do
    if k % nthreads == id then codes[#codes + 1] = line end
    k = k + 1
  end
end

function request()
  i = i + 1
  local c = codes[i]
  if not c then
    exhausted = true
    wrk.thread:stop()
    return wrk.format("GET", "/healthz", nil, "")
  end
  return wrk.format(nil, nil, nil, '{"code":"' .. c .. '","client_id":"bench-' .. c .. '","device":"bench"}')
end
