// Comprehensions over thousands of items: filters, nested fors, object
// comprehensions with computed keys, and lookups into the results.
local n = 600;
local items = [{ id: i, group: 'g' + (i % 37), score: (i * 7919) % 1000 } for i in std.range(1, n)];
local first = items[0:200];
local byId = { ['id' + it.id]: it for it in first };
local groups = ['g' + g for g in std.range(0, 36)];
{
  high: std.length([it for it in items if it.score > 900]),
  pairs: std.length([[a, b] for a in std.range(1, 40) for b in std.range(1, 40) if a + b > 60]),
  perGroup: { [g]: std.length([it for it in first if it.group == g]) for g in groups },
  lookups: std.foldl(function(acc, i) acc + byId['id' + i].score, std.range(1, 200), 0),
  squares: [x * x for x in std.range(1, n) if x > n - 20],
  nested: [{ id: it.id, tags: [t + it.id for t in ['a', 'b', 'c']] } for it in items if it.id > n - 200],
}
