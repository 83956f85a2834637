-- Ends an admitted request: frees its lease in each scope and, in scopes with a TPM limit, counts
-- the token correction (negative gives tokens back, never below an empty cell). A scope that does
-- not hold the lease (released before, expired, never admitted) is left alone: releasing twice
-- counts a correction once. Layout and units as in acquire.lua.
--
-- KEYS: for each scope, its rate hash then its lease set.
-- ARGV: lease id, token correction, then for each scope its TPM ('' = none).
-- Returns the number of scopes that held the lease.
local WINDOW = 60000
local MAX_TTL = 86400000
local lease = ARGV[1]
local correction = tonumber(ARGV[2])
local now
local released = 0

local function drain(debt, at, limit)
  if not debt or debt <= 0 then return 0 end
  local elapsed = now - at
  if limit <= 0 or elapsed <= 0 then return debt end
  if elapsed * limit >= debt then return 0 end
  return debt - elapsed * limit
end

for i = 1, #KEYS / 2 do
  local rate = KEYS[2 * i - 1]
  if redis.call('ZREM', KEYS[2 * i], lease) == 1 then
    released = released + 1
    local tpm = tonumber(ARGV[2 + i])
    if tpm and correction ~= 0 then
      if not now then
        local time = redis.call('TIME')
        now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
      end
      local h = redis.call('HMGET', rate, 'td', 'ta')
      local debt = math.max(0, drain(tonumber(h[1]), tonumber(h[2]), tpm) + correction * WINDOW)
      redis.call('HSET', rate, 'td', debt, 'ta', now)
      local keep = 1000
      if debt > 0 then keep = keep + math.min(MAX_TTL, tpm > 0 and math.ceil(debt / tpm) or WINDOW) end
      if redis.call('PTTL', rate) < keep then redis.call('PEXPIRE', rate, string.format('%d', keep)) end
    end
  end
end
return released
