// Membership tests, written in Jsonnet in go-jsonnet's standard library: std.member over arrays
// and strings, std.setMember over a sorted set, std.find and std.count.
local n = 800;
local xs = [(i * 7919) % 10007 for i in std.range(1, n)];
local set = std.set(xs);
local text = std.join('', ['k%d;' % i for i in std.range(1, 200)]);
{
  member: std.length([i for i in std.range(1, 300) if std.member(xs, i)]),
  memberString: std.length([c for c in std.stringChars('k123;xyz') if std.member(text, c)]),
  setMember: std.length([i for i in std.range(1, n) if std.setMember(i, set)]),
  find: std.length(std.find(xs[n - 1], xs)) + std.length([1 for i in std.range(1, 200) if std.length(std.find(i, xs)) > 0]),
  count: std.count(xs + xs, xs[10]),
  contains: std.length([i for i in std.range(1, 300) if std.contains(xs, i)]),
}
