// std.reverse of large arrays, repeatedly, and of arrays built by comprehensions.
local xs = std.range(1, 10000);
local rev(k) = std.reverse(if k % 2 == 0 then xs else [x * 2 for x in xs]);
{
  sums: [std.foldl(function(a, x) a + x, rev(k)[0:100], 0) for k in std.range(1, 10)],
  firsts: [rev(k)[0] for k in std.range(1, 10)],
  twice: std.reverse(std.reverse(xs)) == xs,
  strings: std.length(std.reverse(std.stringChars(std.repeat('abc', 4000)))),
}
