-- wrk script: each request opens a different agreement's page (or its activity log), drawn
-- at random from the ids in the file named by ENTENTE_IDS (one per line), so that almost no
-- request finds its page kept: the cost of a page rendered afresh, under load.
--   ENTENTE_IDS=ids.txt ENTENTE_SUFFIX=/activities wrk -s Benchmarks/many-agreements.lua …
local ids = {}
local suffix = os.getenv("ENTENTE_SUFFIX") or ""
for line in io.lines(os.getenv("ENTENTE_IDS")) do ids[#ids + 1] = line end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/agreements/" .. ids[math.random(#ids)] .. suffix)
end
