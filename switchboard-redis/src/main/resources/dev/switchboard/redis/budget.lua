-- Adds to the spend of one or more budget periods, starting a period from the recorded spend if
-- Redis does not know it yet (first use, expired, flushed). Amounts are billionths of a dollar and
-- are handled as strings and Redis integers only: Lua numbers would round above 2^53.
--
-- KEYS: the periods' counters.
-- ARGV[1]: amount to add to each ('0' to read); then for each key: its recorded spend, or '' when
-- the caller has not read it, and when the counter expires (unix ms: the period's end plus a day).
-- Returns each counter after adding, in KEYS order, or false (nil to the caller; nothing added)
-- for a counter that is missing with no recorded spend given: the caller then reads the recorded
-- spend and calls again for that key. Whoever seeds first wins; a later seed finds the counter and
-- only adds, so nothing is counted twice.
local totals = {}
for i = 1, #KEYS do
  local key, seed, expires = KEYS[i], ARGV[2 * i], ARGV[2 * i + 1]
  if redis.call('EXISTS', key) == 0 and seed ~= '' then
    redis.call('SET', key, seed, 'PXAT', expires)
  end
  if redis.call('EXISTS', key) == 0 then
    totals[i] = false
  else
    -- INCRBY's reply would become a Lua number: read the counter back as a string instead
    if ARGV[1] ~= '0' then redis.call('INCRBY', key, ARGV[1]) end
    totals[i] = redis.call('GET', key)
  end
end
return totals
