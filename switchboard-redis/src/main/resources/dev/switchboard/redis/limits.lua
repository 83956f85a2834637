-- Ends and admits requests of one replica in one call: first the releases it carries, then the
-- acquires, each acquire atomic over its scopes (all its limits are counted or none). The releases
-- go first because a release queued before an acquire must count before it, and a release never
-- makes an acquire fail, so one that was queued a moment after an acquire may count before it too.
--
-- KEYS: for each item (releases, then acquires), for each of its scopes, the scope's rate hash then
-- its lease set.
-- ARGV: lease TTL (ms), number of releases, then
--   for each release: lease id, token correction, number of scopes, then each scope's TPM ('' = none);
--   for each acquire: tokens, lease id, number of scopes, then for each scope RPM, TPM and max
--   concurrent ('' = none).
-- Returns: the number of (release, scope) pairs that held their lease, then for each acquire:
--   {allowed (1/0), retry after (ms), index of the refusing state (-1 if none), then for each state
--   (per scope: requests, tokens, concurrency, the ones set) remaining and reset (ms)}.
--
-- RPM and TPM are generic cell rates kept as a debt: units in use times the window (60 000 ms),
-- growing by the window per unit and draining by the limit every millisecond, so a fresh scope may
-- use its whole allowance at once and refills continuously. The debt never depends on the limit, so
-- a changed limit applies at once. Integers stay below 2^53 (60 000 * 2^31 * 2), exact in Lua.
-- Rate hash fields: rd/ra (requests: debt, when it was computed), td/ta (tokens), x (when the hash
-- expires, unix ms), lx (when the lease set expires, as last set). Lease set: lease id -> expiry
-- (unix ms); the live ones (expiry after now) count requests in flight and mark admitted requests.
-- Time is the server's (TIME), so replicas with skewed clocks agree.
--
-- Cost: each key is read at most once per call and each rate hash written at most once, so the
-- releases and acquires of one scope that share a call share its reads and writes. Expiries are
-- set only when the data would outlive them, and then a second (SLACK) beyond, so a busy scope
-- sets them about once a second instead of on every request; expired leases (of a replica that
-- died, or a request that outlived its TTL) are pruned then too.
local WINDOW = 60000
local CONCURRENCY_RETRY = 1000
local MAX_TTL = 86400000 -- a debt that takes longer to drain is a correction gone wrong
local SLACK = 1000
local ttl = tonumber(ARGV[1])

-- Integers go to Redis as text made here: a Lua number given to redis.call is printed as a
-- double (%.17g), several times slower.
local function int(n)
  return string.format('%d', n)
end

local now, nowText, liveFrom, leaseExpiry
local function clock()
  if not now then
    local time = redis.call('TIME')
    now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
    nowText = int(now)
    liveFrom = '(' .. nowText
    leaseExpiry = int(now + ttl)
  end
end

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

-- rate hashes and lease sets read in this call, by key, and in the order first read
local rates, rateOrder, sets, setOrder = {}, {}, {}, {}

local function rate(key)
  local r = rates[key]
  if not r then
    local h = redis.call('HMGET', key, 'rd', 'ra', 'td', 'ta', 'x', 'lx')
    r = {key = key, rd = tonumber(h[1]), ra = tonumber(h[2]), td = tonumber(h[3]), ta = tonumber(h[4]),
         x = tonumber(h[5]), lx = tonumber(h[6])}
    rates[key] = r
    rateOrder[#rateOrder + 1] = r
  end
  return r
end

local function leaseSet(key, r)
  local l = sets[key]
  if not l then
    local live = redis.call('ZCOUNT', key, liveFrom, '+inf')
    -- before: live leases when first read; 0 means the set may not exist, so a lease added now
    -- creates it without an expiry whatever lx says
    l = {key = key, rate = r, live = live, before = live}
    sets[key] = l
    setOrder[#setOrder + 1] = l
  end
  return l
end

local nreleases = tonumber(ARGV[2])
local a, k = 3, 1
local released = 0
for _ = 1, nreleases do
  local lease, correction, scopes = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  for i = 1, scopes do
    local tpm = tonumber(ARGV[a + 2 + i])
    if redis.call('ZREM', KEYS[k + 1], lease) == 1 then
      released = released + 1
      if tpm and correction ~= 0 then
        clock()
        local r = rate(KEYS[k])
        -- a negative correction gives tokens back, never below an empty cell
        r.td = math.max(0, drain(r.td, r.ta, tpm) + correction * WINDOW)
        r.ta, r.tpm, r.tokens = now, tpm, true
      end
    end
    k = k + 2
  end
  a = a + 3 + scopes
end

local out = {released}
if a <= #ARGV then clock() end
while a <= #ARGV do
  local cost, lease, nscopes = tonumber(ARGV[a]), ARGV[a + 1], tonumber(ARGV[a + 2])
  a = a + 3
  local scopes = {}
  local retry, rejected, index = 0, -1, 0
  local function refuse(wait)
    if wait > retry then retry, rejected = wait, index end
    index = index + 1
  end
  for i = 1, nscopes do
    local s = {rpm = tonumber(ARGV[a]), tpm = tonumber(ARGV[a + 1]), max = tonumber(ARGV[a + 2])}
    a = a + 3
    s.rate = rate(KEYS[k])
    if s.rpm then
      s.rd = drain(s.rate.rd, s.rate.ra, s.rpm)
      refuse(shortfall(s.rd, s.rpm, 1))
    end
    if s.tpm then
      s.td = drain(s.rate.td, s.rate.ta, s.tpm)
      refuse(shortfall(s.td, s.tpm, cost))
    end
    if s.tpm or s.max then
      s.leases = leaseSet(KEYS[k + 1], s.rate)
    end
    if s.max then
      -- a request that holds its lease already (acquired twice) needs no new slot
      local full = false
      if s.leases.live >= s.max then
        local score = redis.call('ZSCORE', s.leases.key, lease)
        full = not score or tonumber(score) <= now
      end
      refuse(full and CONCURRENCY_RETRY or 0)
    end
    scopes[i] = s
    k = k + 2
  end

  if retry == 0 then
    for _, s in ipairs(scopes) do
      local r = s.rate
      if s.rpm then
        s.rd = s.rd + WINDOW
        r.rd, r.ra, r.rpm, r.requests = s.rd, now, s.rpm, true
      end
      if s.tpm then
        s.td = s.td + cost * WINDOW
        r.td, r.ta, r.tpm, r.tokens = s.td, now, s.tpm, true
      end
      if s.leases then
        s.leases.live = s.leases.live + redis.call('ZADD', s.leases.key, leaseExpiry, lease)
        s.leases.grown = true
      end
    end
  end

  local answer = {retry == 0 and 1 or 0, retry, rejected}
  for _, s in ipairs(scopes) do
    if s.rpm then answer[#answer + 1] = remaining(s.rd, s.rpm); answer[#answer + 1] = reset(s.rd, s.rpm) end
    if s.tpm then answer[#answer + 1] = remaining(s.td, s.tpm); answer[#answer + 1] = reset(s.td, s.tpm) end
    if s.max then answer[#answer + 1] = math.max(0, s.max - s.leases.live); answer[#answer + 1] = 0 end
  end
  out[#out + 1] = answer
end

-- lease sets that got a lease must outlive it: lx in the scope's rate hash says until when they do
for _, l in ipairs(setOrder) do
  if l.grown then
    local r = l.rate
    local need = now + ttl
    if not r.lx or r.lx < need then
      redis.call('ZREMRANGEBYSCORE', l.key, '-inf', nowText)
      r.lx, r.leasesExpiry = need + SLACK, true
      redis.call('PEXPIREAT', l.key, int(r.lx))
    elseif l.before == 0 then
      redis.call('PEXPIREAT', l.key, int(r.lx))
    end
  end
end

-- each changed rate hash written once (its changed fields), kept until its debts have drained (a
-- missing hash reads as a full allowance)
for _, r in ipairs(rateOrder) do
  if r.requests or r.tokens or r.leasesExpiry then
    local keep = 0
    if r.rpm then keep = math.max(keep, reset(drain(r.rd, r.ra, r.rpm), r.rpm)) end
    if r.tpm then keep = math.max(keep, reset(drain(r.td, r.ta, r.tpm), r.tpm)) end
    local need = now + math.min(keep, MAX_TTL)
    local fields = {}
    local function put(name, value)
      fields[#fields + 1] = name
      fields[#fields + 1] = int(value)
    end
    if r.requests then put('rd', r.rd); put('ra', r.ra) end
    if r.tokens then put('td', r.td); put('ta', r.ta) end
    if r.leasesExpiry then put('lx', r.lx) end
    local expire = not r.x or r.x < need
    if expire then
      r.x = need + SLACK
      put('x', r.x)
    end
    redis.call('HSET', r.key, unpack(fields))
    if expire then redis.call('PEXPIREAT', r.key, int(r.x)) end
  end
end
return out
