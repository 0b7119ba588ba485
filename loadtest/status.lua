-- wrk script for `make faulttest`: requests from a list, answers counted by status.
-- Usage: wrk -s loadtest/status.lua URL -- PATHS_FILE RESULT_FILE
-- PATHS_FILE has one path a line; "{n}" in a path is replaced by a random number, so that
-- such a request is never answered from the page cache.
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    paths = {}
    for line in io.lines(args[1]) do
        if line ~= "" then table.insert(paths, line) end
    end
    result_file = args[2]
    ok, redirect, client_error, unavailable, server_error = 0, 0, 0, 0, 0
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
    local path = paths[math.random(#paths)]:gsub("{n}", tostring(math.random(1, 1000000000)))
    return wrk.format("GET", path)
end

function response(status, headers, body)
    if status < 300 then ok = ok + 1
    elseif status < 400 then redirect = redirect + 1
    elseif status < 500 then client_error = client_error + 1
    elseif status == 503 then unavailable = unavailable + 1
    else server_error = server_error + 1 end
end

function done(summary, latency, requests)
    local counts = {ok = 0, redirect = 0, client_error = 0, unavailable = 0, server_error = 0}
    for _, thread in ipairs(threads) do
        for name, _ in pairs(counts) do
            counts[name] = counts[name] + thread:get(name)
        end
    end
    local e = summary.errors
    local out = string.format(
        '{"requests": %d, "2xx": %d, "3xx": %d, "4xx": %d, "503": %d, "other_5xx": %d, ' ..
        '"socket_errors": %d, "p50_ms": %.1f, "p99_ms": %.1f}',
        summary.requests, counts.ok, counts.redirect, counts.client_error, counts.unavailable,
        counts.server_error, e.connect + e.read + e.write + e.timeout,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000)
    local file = io.open(threads[1]:get("result_file"), "w")
    file:write(out .. "\n")
    file:close()
end
