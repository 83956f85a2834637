-- Adds to the spend of one or more budget periods, starting a period from the recorded spend if
-- Redis does not know it yet (first use, expired, flushed). Amounts are billionths of a dollar.
--
-- KEYS: the periods' counters; a key may appear more than once (charges and reads of several
-- requests sent together): each entry is applied in order, as separate calls would be.
-- ARGV: for each key: the amount to add ('0' to read), its recorded spend or '' when the caller
-- has not read it, and when the counter expires (unix ms: the period's end plus a day).
-- Returns each counter after its entry, in KEYS order, or false (nil to the caller; nothing
-- added) for a counter that is missing with no recorded spend given: the caller then reads the
-- recorded spend and calls again for that key. Whoever seeds first wins; a later seed finds the
-- counter and only adds, so nothing is counted twice.
--
-- Cost: one GET per counter per call (it tells whether the counter exists), then one INCRBY per
-- charge. Lua numbers are doubles, exact only below 2^53: INCRBY's reply is used while it is below
-- that, and beyond it the counter is read back as a string, so totals are exact at any size.
local EXACT = 9007199254740992 -- 2^53
local totals, values = {}, {}
for i = 1, #KEYS do
  local key, amount, seed, expires = KEYS[i], ARGV[3 * i - 2], ARGV[3 * i - 1], ARGV[3 * i]
  local value = values[key]
  if value == nil then
    value = redis.call('GET', key) -- false when missing
  end
  if not value and seed ~= '' then
    redis.call('SET', key, seed, 'PXAT', expires)
    -- gone at once if the period ended by Redis's clock: then it stays missing, added to nothing
    if redis.call('EXISTS', key) == 1 then value = seed end
  end
  if value and amount ~= '0' then
    value = redis.call('INCRBY', key, amount)
    if value >= EXACT or value <= -EXACT then value = redis.call('GET', key) end
  end
  values[key] = value
  totals[i] = value
end
return totals
