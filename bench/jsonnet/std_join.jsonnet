// Large std.join: strings with a separator, arrays of arrays, and a join of joins.
local pieces = ['item-' + i for i in std.range(1, 20000)];
local rows = [[i, i + 1, i + 2] for i in std.range(1, 20000)];
{
  text: std.length(std.join(', ', pieces)),
  empty: std.length(std.join('', pieces)),
  arrays: std.length(std.join([0], rows)),
  nested: std.length(std.join('\n', [std.join('|', pieces[i * 100:(i + 1) * 100]) for i in std.range(0, 199)])),
}
