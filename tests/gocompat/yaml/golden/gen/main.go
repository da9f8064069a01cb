// Generates golden outputs from the real gopkg.in/yaml.v2 (2.4.0) and
// gopkg.in/yaml.v3 (3.0.1): reads a JSON array of JSON values on stdin and
// prints a JSON array of {"v2": ..., "v3": ...} (or {"error": ...}).
// Build (Debian bookworm): apt-get install golang-go golang-gopkg-yaml.v2-dev
// golang-gopkg-yaml.v3-dev; GO111MODULE=off GOPATH=/usr/share/gocode go run main.go
package main

import (
	"encoding/json"
	"fmt"
	"os"

	yamlv2 "gopkg.in/yaml.v2"
	yamlv3 "gopkg.in/yaml.v3"
)

type result struct {
	V2     string `json:"v2"`
	V3     string `json:"v3"`
	Stream string `json:"stream,omitempty"`
	Error  string `json:"error,omitempty"`
}

func main() {
	var cases []json.RawMessage
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := make([]result, 0, len(cases))
	for _, c := range cases {
		var v interface{}
		if err := json.Unmarshal(c, &v); err != nil {
			out = append(out, result{Error: err.Error()})
			continue
		}
		r := result{}
		b2, err := yamlv2.Marshal(v)
		if err != nil {
			r.Error = err.Error()
		}
		r.V2 = string(b2)
		b3, err := yamlv3.Marshal(v)
		if err != nil {
			r.Error = fmt.Sprint(r.Error, err.Error())
		}
		r.V3 = string(b3)
		if list, ok := v.([]interface{}); ok {
			var buf []byte
			w := &writer{&buf}
			enc := yamlv2.NewEncoder(w)
			for _, d := range list {
				if err := enc.Encode(d); err != nil {
					r.Error = err.Error()
				}
			}
			r.Stream = string(buf)
		}
		out = append(out, r)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}

type writer struct{ b *[]byte }

func (w *writer) Write(p []byte) (int, error) { *w.b = append(*w.b, p...); return len(p), nil }
