-- wrk script for bench/osdi_signup.py: person signup helper upserts, each with its own
-- number i, in turn a new person with tags, an update of a person on file and a new person
-- sent as "subscribed" (the bodies are those of body() in osdi_signup.py).
-- Arguments: run id, API token, first number, people on file, a folder where each thread
-- lists the numbers of the upserts the server answered with 200, and wrk's thread count.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk_counts.lua")
function init(args)
  run, first, on_file = args[1], tonumber(args[3]), tonumber(args[4])
  accepted = io.open(string.format("%s/accepted-%s-%d.txt", args[5], run, id), "w")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["OSDI-API-Token"] = args[2]
  threads_total = tonumber(args[6])
  sent, ok, failed = 0, 0, 0
end

local function body(i)
  local kind = i % 3
  if kind == 1 then
    return string.format(
      '{"person": {"email_addresses": [{"address": "person%d@example.org"}], '
      .. '"given_name": "Updated", "family_name": "Person %d", '
      .. '"phone_numbers": [{"number": "559-555-%04d"}], '
      .. '"postal_addresses": [{"county": "Fresno"}]}, '
      .. '"add_tags": ["volunteers"], "remove_tags": ["parents"]}',
      i % on_file, i, i % 10000)
  end
  local status = kind == 2 and ', "status": "subscribed"' or ""
  return string.format(
    '{"person": {"email_addresses": [{"address": "new%d@example.org"%s}], '
    .. '"given_name": "Nueva", "family_name": "Persona %d", "languages_spoken": ["es"], '
    .. '"identifiers": ["action_network:bench-%d"]}, "add_tags": ["parents", "fresno"]}',
    i, status, i, i)
end

function request()
  -- Threads share no state: thread `id` of `threads` takes every threads-th number.
  local i = first + sent * threads_total + (id - 1)
  sent = sent + 1
  return wrk.format(nil, nil, nil, body(i))
end

function response(status, headers, body)
  -- Which upsert this answers is read from the answer itself: the new person's address,
  -- or the family name the update set.
  local number = body:match('"address":%s*"new(%d+)@') or body:match('"Person (%d+)"')
  if status == 200 and number then
    ok = ok + 1
    accepted:write(number, "\n")
    accepted:flush()
  else
    failed = failed + 1
  end
end
