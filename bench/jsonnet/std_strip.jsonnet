// std.stripChars, std.lstripChars and std.rstripChars (recursive in go-jsonnet's Jsonnet library).
local pad(s, k) = std.repeat(' \t-', k) + s + std.repeat('-\t ', k);
local words = [pad('word%d' % i, 1 + i % 40) for i in std.range(1, 300)];
{
  both: std.md5(std.join(',', [std.stripChars(w, ' \t-') for w in words])),
  left: std.md5(std.join(',', [std.lstripChars(w, ' \t-') for w in words])),
  right: std.md5(std.join(',', [std.rstripChars(w, ' \t-') for w in words])),
  trim: std.md5(std.join(',', [std.trim(std.strReplace(w, '-', ' ')) for w in words])),
}
