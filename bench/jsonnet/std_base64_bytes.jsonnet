// std.base64 of byte arrays and std.base64DecodeBytes (go-jsonnet works byte by byte in Jsonnet).
local bytes(n, seed) = [(i * 131 + seed) % 256 for i in std.range(0, n - 1)];
local blobs = [bytes(2000 + k, k) for k in std.range(1, 8)];
local encoded = [std.base64(b) for b in blobs];
{
  lengths: [std.length(e) for e in encoded],
  roundTrip: std.all([std.base64DecodeBytes(encoded[k]) == blobs[k] for k in std.range(0, std.length(blobs) - 1)]),
  digest: std.md5(std.join('', encoded)),
}
