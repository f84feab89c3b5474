package main

import (
	"fmt"
	"runtime/debug"
)

// versionReport is what tablerl version says: enough to tell which build
// made a file or met a bug.
type versionReport struct {
	Module   string `json:"module"`
	Version  string `json:"version"`  // the module's version: "(devel)" in a checkout
	Revision string `json:"revision"` // the VCS commit built from, "" if unknown
	Time     string `json:"time"`     // the commit's time, RFC 3339, "" if unknown
	Modified bool   `json:"modified"` // the working tree had uncommitted changes
	Go       string `json:"go"`
}

// buildVersion reads the version from the binary's build information
// (debug.ReadBuildInfo; nil when the binary has none). A binary built by
// make build in a git checkout carries its revision (-buildvcs=auto); go run
// and go test binaries, and builds in a git worktree, do not.
func buildVersion(bi *debug.BuildInfo) versionReport {
	v := versionReport{Module: "github.com/tablerl/tablerl", Version: "(unknown)"}
	if bi == nil {
		return v
	}
	v.Go = bi.GoVersion
	if bi.Main.Path != "" {
		v.Module = bi.Main.Path
	}
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

func runVersion(c *cli, args []string) error {
	fs := c.newFlags(commandNamed("version"))
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	if _, err := c.parse(fs, args, 0, 0); err != nil {
		return err
	}
	bi, _ := debug.ReadBuildInfo()
	v := buildVersion(bi)
	if *asJSON {
		return writeJSON(c.stdout, v)
	}
	fmt.Fprintf(c.stdout, "tablerl %s\n", v.Version)
	if v.Revision != "" {
		mod := ""
		if v.Modified {
			mod = " (modified)"
		}
		fmt.Fprintf(c.stdout, "  revision %s%s\n", v.Revision, mod)
	}
	if v.Time != "" {
		fmt.Fprintf(c.stdout, "  time     %s\n", v.Time)
	}
	fmt.Fprintf(c.stdout, "  module   %s\n  go       %s\n", v.Module, v.Go)
	return nil
}
