-- wrk script: GET the search URLs listed in the file URLS, one after another per
-- connection (each thread starts at another place in the list).
local urls = {}
for line in io.lines(os.getenv("URLS")) do
  urls[#urls + 1] = line
end
local i = 0

function setup(thread)
  thread:set("start", math.random(1, #urls))
end

function init(args)
  i = start
end

function request()
  i = i % #urls + 1
  return wrk.format("GET", urls[i])
end
