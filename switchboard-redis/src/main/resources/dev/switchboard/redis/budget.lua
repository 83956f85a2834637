-- Adds to the spend of one budget period, starting the period from the recorded spend if Redis
-- does not know it yet (first use, expired, flushed). Amounts are billionths of a dollar and are
-- handled as strings and Redis integers only: Lua numbers would round above 2^53.
--
-- KEYS[1]: the period's counter.
-- ARGV[1]: amount to add ('0' to read); ARGV[2]: the recorded spend, or '' when the caller has not
-- read it; ARGV[3]: when the counter expires (unix ms): the period's end plus a day.
-- Returns the counter after adding, or nil (nothing added) when it is missing and ARGV[2] is '':
-- the caller then reads the recorded spend and calls again. Whoever seeds first wins; a later
-- seed finds the counter and only adds, so nothing is counted twice.
if redis.call('EXISTS', KEYS[1]) == 0 then
  if ARGV[2] == '' then return nil end
  redis.call('SET', KEYS[1], ARGV[2], 'PXAT', ARGV[3])
end
if ARGV[1] ~= '0' then redis.call('INCRBY', KEYS[1], ARGV[1]) end
return redis.call('GET', KEYS[1])
