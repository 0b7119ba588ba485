-- wrk script: a mix of public pages, database searches and exports (see scripts/loadtest.sh).
-- Usage: wrk -s loadtest/mix.lua URL -- PATHS_FILE RESULT_FILE
-- PATHS_FILE has "weight path" lines, each path one that answered 200 before the run
-- (scripts/loadtest.sh fills in the search words and leaves out pages that do not exist).
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    paths = {}
    for line in io.lines(args[1]) do
        local weight, path = line:match("^(%d+)%s+(%S+)$")
        if weight then
            for _ = 1, tonumber(weight) do
                table.insert(paths, path)
            end
        end
    end
    result_file = args[2]
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
    return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
    local e = summary.errors
    local seconds = summary.duration / 1e6
    local out = string.format(
        '{"requests": %d, "duration_s": %.1f, "requests_per_s": %.1f, "bytes": %d, ' ..
        '"errors": {"status": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}, ' ..
        '"latency_ms": {"p50": %.1f, "p90": %.1f, "p99": %.1f, "max": %.1f, "mean": %.1f}}',
        summary.requests, seconds, summary.requests / seconds, summary.bytes,
        e.status, e.connect, e.read, e.write, e.timeout,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000,
        latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000)
    print(out)
    if threads[1] then
        local file = io.open(threads[1]:get("result_file"), "w")
        file:write(out .. "\n")
        file:close()
    end
end
