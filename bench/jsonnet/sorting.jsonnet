// Sorting and set operations: numbers, strings, objects by key function,
// uniq, and set algebra.
local nums = [(i * 7919) % 10007 for i in std.range(1, 250)];
local strs = ['k' + ((i * 104729) % 5003) for i in std.range(1, 200)];
local objs = [{ name: 'n' + ((i * 31) % 997), weight: (i * 17) % 101 } for i in std.range(1, 200)];
{
  sorted: std.sort(nums),
  reversed: std.reverse(std.sort(nums))[0:10],
  uniqCount: std.length(std.uniq(std.sort([x % 50 for x in nums]))),
  strSet: std.set(strs),
  byWeight: [o.name for o in std.sort(objs, function(o) o.weight)],
  byName: std.sort(objs, function(o) o.name)[0:5],
  union: std.length(std.setUnion(std.set(nums), std.set([i * 2 for i in std.range(1, 150)]))),
  inter: std.setInter(std.set(nums), std.set([i * 3 for i in std.range(1, 150)])),
}
