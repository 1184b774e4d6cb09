-- wrk script: GET PREFIX .. id .. SUFFIX for ids drawn uniformly from 1..MAX_ID, so that
-- nearly every request misses any cache (the access pattern of many apps at once).
local prefix = os.getenv("PREFIX") or "/oparl/v1.1/papers/"
local suffix = os.getenv("SUFFIX") or ""
local max_id = tonumber(os.getenv("MAX_ID") or "1000")

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

function request()
  return wrk.format("GET", prefix .. math.random(1, max_id) .. suffix)
end
