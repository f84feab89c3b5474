package dataset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/tablerl/tablerl/internal/teastore"
)

// TestNoLeaks loads a table in each format with a checked allocator: once
// released, every buffer is freed — and none is left after a failed load.
func TestNoLeaks(t *testing.T) {
	src := "a b c a\n1 x nan 4\n2 y 3.5 NA\n3 7 -1 1e3\n"
	dir := t.TempDir()
	base := readString(t, src, "leak.txt", FormatWhitespace)
	paths := map[string]string{}
	for _, name := range []string{"leak.txt", "leak.csv", "leak.parquet"} {
		paths[name] = filepath.Join(dir, name)
		if err := Write(base, paths[name], FormatAuto); err != nil {
			t.Fatal(err)
		}
	}
	base.Release()
	if p, why := teastore.Find(); p != "" {
		paths["teastore"] = p
	} else {
		t.Logf("without TeaStore: %s", why)
	}
	for name, path := range paths {
		t.Run(name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			tb, err := Load(path, LoadOptions{Allocator: mem})
			if err != nil {
				t.Fatal(err)
			}
			if mem.CurrentAlloc() == 0 {
				t.Error("the table's buffers are not from the allocator given")
			}
			tb.Release()
		})
	}
	for name, src := range map[string]string{
		"ragged late":   "a b\n" + strings.Repeat("1 x\n", 500) + "1\n",
		"csv quote":     "a,b\n" + strings.Repeat("1,x\n", 500) + "1,\"x\n",
		"header only":   "a b\n",
		"text and nums": "a b\n" + strings.Repeat("1 2\n", 300) + "x y\n1 2 3\n",
	} {
		t.Run(name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			if tb, err := Read(strings.NewReader(src), name, LoadOptions{Allocator: mem}); err == nil {
				tb.Release()
				t.Error("no error")
			}
		})
	}
	// A corrupt Parquet file.
	bad := filepath.Join(dir, "bad.parquet")
	data, _ := os.ReadFile(paths["leak.parquet"])
	if err := os.WriteFile(bad, data[:len(data)-10], 0o644); err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	if tb, err := Load(bad, LoadOptions{Allocator: mem}); err == nil {
		tb.Release()
		t.Error("truncated Parquet: no error")
	}
}
