-- wrk: the query mix of bench_ingest against /api/search, one query per
-- request in turn, with the facets the UI asks for.
local queries = {
  'nuclear disarmament', '"human rights"', 'climate change', 'palestin*',
  'refugees OR migrants', 'apartheid -south', '"security council" reform',
  'terrorism NEAR/5 international', 'kind:direct sanctions',
  'lang:en "sustainable development"', 'speaker:baraka kalashnikov',
  'hizbullah OR hezbollah', 'oil prices', '"cold war"', 'decolonization',
  'pandemic vaccine*',
}
local function encode(s)
  return (s:gsub('[^%w%-%._~]', function(c) return string.format('%%%02X', string.byte(c)) end))
end
local paths = {}
for i, q in ipairs(queries) do
  paths[i] = '/api/search?limit=20&facets=speaker,tag,month&q=' .. encode(q)
end
local n = 0
request = function()
  n = n + 1
  return wrk.format('GET', paths[(n % #paths) + 1])
end
