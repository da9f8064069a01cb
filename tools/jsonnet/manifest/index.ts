// Manifesters: JSON (byte-identical to go-jsonnet), YAML, INI, Python, XML, TOML;
// and the parsers std.parseJson / std.parseYaml.

export {};
