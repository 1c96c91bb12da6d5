-- wrk script for bench/web_signing.py: each request signs the statement with a new address.
-- Arguments: run id, CSRF form token, CSRF cookie, requests per thread (0 = no limit),
-- and a folder where each thread lists the addresses the server said it accepted.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk_counts.lua")
function init(args)
  run, token, cookie, limit = args[1], args[2], args[3], tonumber(args[4])
  accepted = io.open(string.format("%s/accepted-%s-%d.txt", args[5], run, id), "w")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "csrftoken=" .. cookie
  sent, ok, failed = 0, 0, 0
end

function request()
  sent = sent + 1
  local body = "csrfmiddlewaretoken=" .. token
    .. "&actions=sign_individual&listed=on&title=Parent"
    .. string.format("&name=Bench+Signer+%d-%d", id, sent)
    .. string.format("&email=b%s-%d-%d%%40example.org", run, id, sent)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  -- The form answers with a redirect to the thank-you page carrying a signed receipt for
  -- the stored submission; the check afterwards turns receipts back into addresses.
  local location = headers["Location"] or headers["location"] or ""
  local receipt = status == 302 and location:match("[?&]r=([^&]+)")
  if receipt and receipt ~= "" then
    ok = ok + 1
    accepted:write(receipt, "\n")
    accepted:flush()
  else
    failed = failed + 1
  end
  if limit > 0 and sent >= limit then wrk.thread:stop() end
end
