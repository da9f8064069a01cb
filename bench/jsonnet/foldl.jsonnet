// std.foldl accumulations: building objects field by field, merging with +,
// accumulating arrays and counters, as configuration libraries do.
local n = 1200;
local counts = std.foldl(function(acc, i) acc { ['c' + (i % 100)]+: 1 }, std.range(1, n), {});
local merged = std.foldl(function(acc, i) acc + { ['k' + i]: { v: i, prev: if i > 1 then acc['k' + (i - 1)].v else 0 } }, std.range(1, 700), {});
local arr = std.foldl(function(acc, i) acc + [i * 2], std.range(1, 2000), []);
{
  counts: counts,
  mergedSize: std.length(std.objectFields(merged)),
  lastPrev: merged.k700.prev,
  arrSum: std.foldl(function(a, b) a + b, arr, 0),
  foldr: std.foldr(function(x, acc) acc + x, std.range(1, 10000), 0),
}
