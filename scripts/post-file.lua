-- wrk script: POST one file as the raw body of /v1/check.
-- Usage: wrk -s scripts/post-file.lua URL -- FILE [POST...]
-- wrk itself reports "Non-2xx or 3xx responses" when there are any; done() always prints the count.

local file, posts

function init(args)
  file = args[1]
  local f = assert(io.open(file, "rb"), "cannot open " .. tostring(file))
  wrk.body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/octet-stream"
  local query = {}
  for i = 2, #args do
    query[#query + 1] = "post=" .. args[i]
  end
  if #query > 0 then
    wrk.path = "/v1/check?" .. table.concat(query, "&")
  else
    wrk.path = "/v1/check"
  end
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx or 3xx answers: %d\n",
    summary.errors.status))
end
