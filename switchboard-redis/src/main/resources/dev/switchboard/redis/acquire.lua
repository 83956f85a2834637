-- Admits one request against the limits of one or more scopes, atomically: all are counted or none.
--
-- KEYS: for each scope, its rate hash then its lease set.
-- ARGV: tokens, lease id, lease TTL (ms), then for each scope: RPM, TPM, max concurrent ('' = none).
--
-- RPM and TPM are generic cell rates kept as a debt: units in use times the window (60 000 ms),
-- growing by the window per unit and draining by the limit every millisecond, so a fresh scope may
-- use its whole allowance at once and refills continuously. Rate hash fields: rd/ra (requests:
-- debt, when it was computed), td/ta (tokens). The debt never depends on the limit, so a changed
-- limit applies at once. Integers stay below 2^53 (60 000 * 2^31 * 2), exact in Lua's doubles.
-- Lease set: lease id -> expiry (ms); it counts requests in flight and marks admitted requests.
-- Time is the server's (TIME), so replicas with skewed clocks agree.
--
-- Returns: allowed (1/0), retry after (ms), index of the refusing state (-1 if none), then for each
-- state (per scope: requests, tokens, concurrency, the ones set) remaining and reset (ms).
local WINDOW = 60000
local CONCURRENCY_RETRY = 1000
local MAX_TTL = 86400000 -- a debt that takes longer to drain is a correction gone wrong
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local cost = tonumber(ARGV[1])
local lease = ARGV[2]
local ttl = tonumber(ARGV[3])

local function drain(debt, at, limit)
  if not debt or debt <= 0 then return 0 end
  local elapsed = now - at
  if limit <= 0 or elapsed <= 0 then return debt end
  if elapsed * limit >= debt then return 0 end
  return debt - elapsed * limit
end

local function shortfall(debt, limit, units)
  if units > limit then return WINDOW end
  local over = debt + (units - limit) * WINDOW
  if over <= 0 then return 0 end
  return math.ceil(over / limit)
end

local function reset(debt, limit)
  if debt <= 0 then return 0 end
  if limit <= 0 then return WINDOW end
  return math.ceil(debt / limit)
end

local function remaining(debt, limit)
  return math.max(0, math.floor((limit * WINDOW - debt) / WINDOW))
end

local scopes = {}
local retry, rejected, index = 0, -1, 0
local function refuse(wait)
  if wait > retry then retry, rejected = wait, index end
  index = index + 1
end

for i = 1, #KEYS / 2 do
  local s = {rate = KEYS[2 * i - 1], leases = KEYS[2 * i],
             rpm = tonumber(ARGV[3 * i + 1]), tpm = tonumber(ARGV[3 * i + 2]), max = tonumber(ARGV[3 * i + 3])}
  scopes[i] = s
  if s.rpm or s.tpm then
    local h = redis.call('HMGET', s.rate, 'rd', 'ra', 'td', 'ta')
    if s.rpm then
      s.rd = drain(tonumber(h[1]), tonumber(h[2]), s.rpm)
      refuse(shortfall(s.rd, s.rpm, 1))
    end
    if s.tpm then
      s.td = drain(tonumber(h[3]), tonumber(h[4]), s.tpm)
      refuse(shortfall(s.td, s.tpm, cost))
    end
  end
  if s.tpm or s.max then
    redis.call('ZREMRANGEBYSCORE', s.leases, '-inf', now)
  end
  if s.max then
    s.count = redis.call('ZCARD', s.leases)
    -- a request that holds its lease already (acquired twice) needs no new slot
    local full = s.count >= s.max and not redis.call('ZSCORE', s.leases, lease)
    refuse(full and CONCURRENCY_RETRY or 0)
  end
end

if retry == 0 then
  for _, s in ipairs(scopes) do
    if s.rpm or s.tpm then
      local fields, keep = {}, 0
      if s.rpm then
        s.rd = s.rd + WINDOW
        fields[#fields + 1] = 'rd'; fields[#fields + 1] = s.rd
        fields[#fields + 1] = 'ra'; fields[#fields + 1] = now
        keep = math.max(keep, reset(s.rd, s.rpm))
      end
      if s.tpm then
        s.td = s.td + cost * WINDOW
        fields[#fields + 1] = 'td'; fields[#fields + 1] = s.td
        fields[#fields + 1] = 'ta'; fields[#fields + 1] = now
        keep = math.max(keep, reset(s.td, s.tpm))
      end
      redis.call('HSET', s.rate, unpack(fields))
      -- gone once drained: a missing hash reads as a full allowance
      redis.call('PEXPIRE', s.rate, string.format('%d', math.min(keep, MAX_TTL) + 1000))
    end
    if s.tpm or s.max then
      local added = redis.call('ZADD', s.leases, now + ttl, lease)
      redis.call('PEXPIRE', s.leases, ARGV[3])
      if s.max then s.count = s.count + added end
    end
  end
end

local out = {retry == 0 and 1 or 0, retry, rejected}
for _, s in ipairs(scopes) do
  if s.rpm then out[#out + 1] = remaining(s.rd, s.rpm); out[#out + 1] = reset(s.rd, s.rpm) end
  if s.tpm then out[#out + 1] = remaining(s.td, s.tpm); out[#out + 1] = reset(s.td, s.tpm) end
  if s.max then out[#out + 1] = math.max(0, s.max - s.count); out[#out + 1] = 0 end
end
return out
