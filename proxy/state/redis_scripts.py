"""Lua scripts run atomically inside Redis by `RedisStore`.

Each script touches only the keys it is given, all of one hash slot, so it is safe on Redis
Cluster. Time comes from Redis `TIME`, so replicas with skewed clocks agree. Numbers leave a
script as strings formatted with %.17g: Redis would truncate a Lua number reply to an integer,
and Lua's default number-to-string keeps only 14 digits (too few for microsecond timestamps).
The numbers of a call travel as one space-separated string (ARGV[1]) and a take answers with
one such string: every argument and reply element costs the proxy CPU to encode and parse, so
a request's bookkeeping stays a handful of them however many buckets it touches.
"""

from __future__ import annotations

# Keys outlive the moment their state becomes "nothing" (a full bucket, no lease) by this much.
KEY_TTL_PAD_MS = 1000

_PRELUDE = """
local function fmt(x) return string.format('%.17g', x) end
local w = {}
for word in string.gmatch(ARGV[1], '%S+') do w[#w + 1] = word end
local t = redis.call('TIME')
"""

# KEYS: bucket keys, then concurrency-slot keys. ARGV[1]: TTL pad (ms), number of buckets, then
# per bucket: rate_per_s, burst, cost; then per slot: limit, ttl_ms. ARGV[1 + j]: slot j's lease.
# TATs are stored in microseconds of Redis time; a slot key is a ZSET of leases scored by expiry
# (ms of Redis time) that expires with its longest-lived lease. Returns one string of four numbers
# per bucket: allowed (1/0), remaining, reset_after_s, retry_after_s; then per slot: 1 (newly held),
# 2 (already held: renewed) or 0 (refused), free slots, 0, 0. Writes nothing unless every bucket and
# every slot can take (dropping expired leases aside).
TAKE = (
    _PRELUDE
    + """
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pad = tonumber(w[1])
local nb = tonumber(w[2])
local eps = 0.001
local pending = {}
local out = {}
local all_ok = true
for i = 1, nb do
  local key = KEYS[i]
  local rate = tonumber(w[3 * i])
  local burst = tonumber(w[3 * i + 1])
  local cost = tonumber(w[3 * i + 2])
  local interval = 1000000 / rate
  local limit = burst * interval
  local tat = pending[key]
  if tat == nil then
    local stored = redis.call('GET', key)
    tat = now
    if stored then tat = tonumber(stored) end
  end
  local base = math.max(tat, now)
  local new_tat = base + cost * interval
  if new_tat - now <= limit + eps then
    pending[key] = new_tat
    out[#out + 1] = '1'
    out[#out + 1] = fmt(math.max(0, (limit - (new_tat - now)) / interval))
    out[#out + 1] = fmt((new_tat - now) / 1000000)
    out[#out + 1] = '0'
  else
    all_ok = false
    out[#out + 1] = '0'
    out[#out + 1] = fmt(math.max(0, (limit - (base - now)) / interval))
    out[#out + 1] = fmt((base - now) / 1000000)
    out[#out + 1] = fmt(((new_tat - now) - limit) / 1000000)
  end
end
local counts = {}
local adds = {}
local held = {}
for j = 1, #KEYS - nb do
  local key = KEYS[nb + j]
  local limit = tonumber(w[3 * nb + 2 * j + 1])
  local lease = ARGV[1 + j]
  if counts[key] == nil then
    redis.call('ZREMRANGEBYSCORE', key, '-inf', fmt(now_ms))
    counts[key] = redis.call('ZCARD', key)
    held[key] = {}
  end
  local status = 2
  if not held[key][lease] and not redis.call('ZSCORE', key, lease) then
    if counts[key] < limit then
      status = 1
      counts[key] = counts[key] + 1
      held[key][lease] = true
    else
      status = 0
      all_ok = false
    end
  end
  if status ~= 0 then adds[#adds + 1] = {key, fmt(now_ms + tonumber(w[3 * nb + 2 * j + 2])), lease} end
  out[#out + 1] = tostring(status)
  out[#out + 1] = fmt(math.max(0, limit - counts[key]))
  out[#out + 1] = '0'
  out[#out + 1] = '0'
end
if all_ok then
  for i = 1, nb do
    if tonumber(w[3 * i + 2]) ~= 0 then
      local key = KEYS[i]
      local ttl = math.ceil((pending[key] - now) / 1000) + pad
      redis.call('SET', key, fmt(pending[key]), 'PX', ttl)
    end
  end
  for _, add in ipairs(adds) do
    redis.call('ZADD', add[1], add[2], add[3])
  end
  for key in pairs(counts) do
    local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
    redis.call('PEXPIRE', key, math.ceil(tonumber(last[2]) - now_ms) + pad)
  end
end
return table.concat(out, ' ')
"""
)

# Bookkeeping that never refuses. KEYS: lease keys to release from, bucket keys to adjust, spend
# keys to add to, index sets to add a member to. ARGV[1]: TTL pad (ms), number of releases, number
# of adjusts, number of spends, then per adjust: rate_per_s, cost (may be negative); then per spend:
# amount, ttl_ms; then per index add: ttl_ms. ARGV[1 + i]: release i's lease, then each index add's
# member. Adjusting may go into debt; giving back stops at a full bucket (a TAT of now), the same
# as no key at all. Only the add that creates a total or an index set sets its expiry. Returns 1.
APPLY = (
    _PRELUDE
    + """
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local pad = tonumber(w[1])
local nr = tonumber(w[2])
local na = tonumber(w[3])
local ns = tonumber(w[4])
for i = 1, nr do
  redis.call('ZREM', KEYS[i], ARGV[1 + i])
end
for i = 1, na do
  local key = KEYS[nr + i]
  local interval = 1000000 / tonumber(w[3 + 2 * i])
  local stored = redis.call('GET', key)
  local tat = now
  if stored then tat = math.max(tonumber(stored), now) end
  local new_tat = math.max(now, tat + tonumber(w[4 + 2 * i]) * interval)
  if new_tat <= now then
    redis.call('DEL', key)
  else
    redis.call('SET', key, fmt(new_tat), 'PX', math.ceil((new_tat - now) / 1000) + pad)
  end
end
local base = 3 + 2 * na
for i = 1, ns do
  local key = KEYS[nr + na + i]
  redis.call('INCRBYFLOAT', key, w[base + 2 * i])
  if redis.call('PTTL', key) < 0 then
    redis.call('PEXPIRE', key, w[base + 2 * i + 1])
  end
end
base = 4 + 2 * na + 2 * ns
for i = 1, #KEYS - nr - na - ns do
  local key = KEYS[nr + na + ns + i]
  redis.call('SADD', key, ARGV[1 + nr + i])
  if redis.call('PTTL', key) < 0 then
    redis.call('PEXPIRE', key, w[base + i])
  end
end
return 1
"""
)

# KEYS[1]: running total. ARGV: amount, ttl_ms. Only the add that creates the key sets its expiry.
ADD_SPEND = """
local total = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return total
"""
