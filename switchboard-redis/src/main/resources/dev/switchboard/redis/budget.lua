-- Adds to the spend of one or more budget periods, starting a period from the recorded spend if
-- Redis does not know it yet (first use, expired, flushed). Amounts are billionths of a dollar and
-- are handled as strings and Redis integers only: Lua numbers would round above 2^53.
--
-- KEYS: the periods' counters; a key may appear more than once (charges of several requests sent
-- together): each entry is applied in order, as separate calls would be.
-- ARGV: for each key: the amount to add ('0' to read), its recorded spend or '' when the caller
-- has not read it, and when the counter expires (unix ms: the period's end plus a day).
-- Returns each counter after its entry, in KEYS order, or false (nil to the caller; nothing
-- added) for a counter that is missing with no recorded spend given: the caller then reads the
-- recorded spend and calls again for that key. Whoever seeds first wins; a later seed finds the
-- counter and only adds, so nothing is counted twice.
local totals = {}
for i = 1, #KEYS do
  local key, amount, seed, expires = KEYS[i], ARGV[3 * i - 2], ARGV[3 * i - 1], ARGV[3 * i]
  if redis.call('EXISTS', key) == 0 and seed ~= '' then
    redis.call('SET', key, seed, 'PXAT', expires)
  end
  if redis.call('EXISTS', key) == 0 then
    totals[i] = false
  else
    -- INCRBY's reply would become a Lua number: read the counter back as a string instead
    if amount ~= '0' then redis.call('INCRBY', key, amount) end
    totals[i] = redis.call('GET', key)
  end
end
return totals
