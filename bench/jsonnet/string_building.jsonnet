// Large string building: std.join over thousands of pieces, % formatting,
// concatenation in folds, std.strReplace, std.split and escaping.
local lines = ['%05d|%-8s|%s' % [i, 'row' + i, std.md5(std.toString(i))] for i in std.range(1, 120)];
local text = std.join('\n', lines);
local pieces = [std.toString(i * 3) for i in std.range(1, 3000)];
local csv = std.join(',', pieces);
{
  length: std.length(text),
  first: lines[0],
  last: lines[std.length(lines) - 1],
  csvLength: std.length(csv),
  split: std.length(std.split(csv, ',')),
  replaced: std.length(std.strReplace(text, 'row', 'ROW')),
  folded: std.length(std.foldl(function(acc, s) acc + s + ';', pieces, '')),
  upper: std.md5(std.asciiUpper(text)),
  escaped: std.escapeStringJson(std.join('\n', lines[0:5])),
  lines: std.lines(lines[0:20]),
}
