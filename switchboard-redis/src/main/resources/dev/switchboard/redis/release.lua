-- Ends admitted requests: for each, frees its lease in each of its scopes and, in scopes with a
-- TPM limit, counts its token correction (negative gives tokens back, never below an empty cell).
-- A scope that does not hold the lease (released before, expired, never admitted) is left alone:
-- releasing twice counts a correction once. Layout and units as in acquire.lua. Several requests'
-- releases go in one call when they end at the same moment.
--
-- KEYS: for each release, for each of its scopes, the scope's rate hash then its lease set.
-- ARGV: for each release: lease id, token correction, number of scopes, then each scope's TPM
-- ('' = none).
-- Returns the number of (release, scope) pairs that held their lease.
local WINDOW = 60000
local MAX_TTL = 86400000
local now
local released = 0

local function drain(debt, at, limit)
  if not debt or debt <= 0 then return 0 end
  local elapsed = now - at
  if limit <= 0 or elapsed <= 0 then return debt end
  if elapsed * limit >= debt then return 0 end
  return debt - elapsed * limit
end

local a, k = 1, 1
while a <= #ARGV do
  local lease = ARGV[a]
  local correction = tonumber(ARGV[a + 1])
  local scopes = tonumber(ARGV[a + 2])
  for i = 1, scopes do
    local rate, leases = KEYS[k], KEYS[k + 1]
    local tpm = tonumber(ARGV[a + 2 + i])
    k = k + 2
    if redis.call('ZREM', leases, lease) == 1 then
      released = released + 1
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
  a = a + 3 + scopes
end
return released
