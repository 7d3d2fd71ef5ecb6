"""Lua scripts run atomically inside Redis by `RedisStore`.

Each script touches only the keys it is given, all of one hash slot, so it is safe on Redis
Cluster. Time comes from Redis `TIME`, so replicas with skewed clocks agree. Numbers leave a
script as strings formatted with %.17g: Redis would truncate a Lua number reply to an integer,
and Lua's default number-to-string keeps only 14 digits (too few for microsecond timestamps).
"""

from __future__ import annotations

# Keys outlive the moment their state becomes "nothing" (a full bucket, no lease) by this much.
KEY_TTL_PAD_MS = 1000

_PRELUDE = """
local function fmt(x) return string.format('%.17g', x) end
local t = redis.call('TIME')
"""

# KEYS: bucket keys (one slot). ARGV[1]: '1' to take, '0' to only evaluate; ARGV[2]: TTL pad (ms);
# then per bucket: rate_per_s, burst, cost. TATs are stored in microseconds of Redis time.
# Returns per bucket: allowed (1/0), remaining, reset_after_s, retry_after_s. A bucket that cannot
# take makes the script write nothing.
TAKE = (
    _PRELUDE
    + """
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local apply = ARGV[1] == '1'
local pad = tonumber(ARGV[2])
local eps = 0.001
local pending = {}
local out = {}
local all_ok = true
for i, key in ipairs(KEYS) do
  local rate = tonumber(ARGV[3 * i])
  local burst = tonumber(ARGV[3 * i + 1])
  local cost = tonumber(ARGV[3 * i + 2])
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
    out[#out + 1] = 1
    out[#out + 1] = fmt(math.max(0, (limit - (new_tat - now)) / interval))
    out[#out + 1] = fmt((new_tat - now) / 1000000)
    out[#out + 1] = '0'
  else
    all_ok = false
    out[#out + 1] = 0
    out[#out + 1] = fmt(math.max(0, (limit - (base - now)) / interval))
    out[#out + 1] = fmt((base - now) / 1000000)
    out[#out + 1] = fmt(((new_tat - now) - limit) / 1000000)
  end
end
if all_ok and apply then
  for i, key in ipairs(KEYS) do
    if tonumber(ARGV[3 * i + 2]) ~= 0 then
      local ttl = math.ceil((pending[key] - now) / 1000) + pad
      redis.call('SET', key, fmt(pending[key]), 'PX', ttl)
    end
  end
end
return out
"""
)

# KEYS[1]: bucket key. ARGV: rate_per_s, cost (may be negative), TTL pad (ms). Never refuses;
# giving back stops at a full bucket (a TAT of now), which is the same as no key at all.
ADJUST = (
    _PRELUDE
    + """
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = 1000000 / tonumber(ARGV[1])
local stored = redis.call('GET', KEYS[1])
local tat = now
if stored then tat = math.max(tonumber(stored), now) end
local new_tat = math.max(now, tat + tonumber(ARGV[2]) * interval)
if new_tat <= now then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], fmt(new_tat), 'PX', math.ceil((new_tat - now) / 1000) + tonumber(ARGV[3]))
end
return 1
"""
)

# KEYS[1]: ZSET of leases scored by expiry (ms of Redis time). ARGV: limit, lease, ttl_ms, pad_ms.
# Re-acquiring a held lease renews it. The key expires with its longest-lived lease.
ACQUIRE = (
    _PRELUDE
    + """
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', fmt(now))
local held = redis.call('ZSCORE', KEYS[1], ARGV[2])
if not held and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], fmt(now + tonumber(ARGV[3])), ARGV[2])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(last[2]) - now) + tonumber(ARGV[4]))
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
