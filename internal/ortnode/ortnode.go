package ortnode

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

//go:embed run.js
var script []byte

// DirEnv names the directory onnxruntime-node is installed under (its
// node_modules' parent); unset, it is .cache/onnxruntime-node in the
// module's root, where the Makefile puts it.
const DirEnv = "TABLERL_ONNXRUNTIME"

// Runtime is a node binary with onnxruntime-node installed.
type Runtime struct {
	node, modules string
}

// Find returns the runtime, or nil and why it is absent.
func Find() (*Runtime, string) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, "node is not on PATH"
	}
	dir := os.Getenv(DirEnv)
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			return nil, err.Error()
		}
		dir = filepath.Join(root, ".cache", "onnxruntime-node")
	}
	modules := filepath.Join(dir, "node_modules")
	if _, err := os.Stat(filepath.Join(modules, "onnxruntime-node", "package.json")); err != nil {
		return nil, fmt.Sprintf("onnxruntime-node is not installed under %s (make test installs it with npm; %s names another directory)", dir, DirEnv)
	}
	return &Runtime{node: node, modules: modules}, ""
}

// Get returns the runtime or skips the test, printing why.
func Get(tb testing.TB) *Runtime {
	tb.Helper()
	r, why := Find()
	if r == nil {
		tb.Skipf("skipping: needs ONNX Runtime for Node.js (%s)", why)
	}
	return r
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Job is one model run on a batch of observations.
type Job struct {
	Model []byte    // the encoded ONNX model
	Obs   []float32 // Rows × Cols, row-major
	Rows  int
	Cols  int
}

// Result is what the runtime answered for a Job.
type Result struct {
	Inputs []string
	// Types and Dims of each output by name, and its elements: Floats for
	// float32 outputs, Int64s for int64 ones.
	Types  map[string]string
	Dims   map[string][]int
	Floats map[string][]float32
	Int64s map[string][]int64
	// Version is onnxruntime-node's.
	Version string
}

// Run runs every job in one node process, in dir (a test's TempDir).
func (r *Runtime) Run(dir string, jobs []Job) ([]Result, error) {
	type spec struct {
		Model string `json:"model"`
		Obs   string `json:"obs"`
		Rows  int    `json:"rows"`
		Cols  int    `json:"cols"`
		Out   string `json:"out"`
	}
	specs := make([]spec, len(jobs))
	for i, j := range jobs {
		base := filepath.Join(dir, "job"+strconv.Itoa(i))
		obs := make([]byte, 0, 4*len(j.Obs))
		for _, v := range j.Obs {
			obs = binary.LittleEndian.AppendUint32(obs, math.Float32bits(v))
		}
		if err := os.WriteFile(base+".onnx", j.Model, 0o644); err != nil {
			return nil, err
		}
		if err := os.WriteFile(base+".obs", obs, 0o644); err != nil {
			return nil, err
		}
		specs[i] = spec{Model: base + ".onnx", Obs: base + ".obs", Rows: j.Rows, Cols: j.Cols, Out: base + ".out"}
	}
	jobsFile, scriptFile := filepath.Join(dir, "jobs.json"), filepath.Join(dir, "run.js")
	b, _ := json.Marshal(specs)
	if err := os.WriteFile(jobsFile, b, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(scriptFile, script, 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(r.node, scriptFile, jobsFile)
	cmd.Env = append(os.Environ(), "NODE_PATH="+r.modules)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("ortnode: node %s: %v\n%s", scriptFile, err, stderr.Bytes())
	}
	var summary []struct {
		Inputs  []string `json:"inputs"`
		Outputs map[string]struct {
			Type string `json:"type"`
			Dims []int  `json:"dims"`
		} `json:"outputs"`
		Version map[string]string `json:"version"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &summary); err != nil || len(summary) != len(jobs) {
		return nil, fmt.Errorf("ortnode: unexpected output %.200q (%v)", stdout.Bytes(), err)
	}
	out := make([]Result, len(jobs))
	for i, s := range summary {
		res := Result{Inputs: s.Inputs, Types: map[string]string{}, Dims: map[string][]int{},
			Floats: map[string][]float32{}, Int64s: map[string][]int64{}, Version: s.Version["node"]}
		for name, o := range s.Outputs {
			raw, err := os.ReadFile(specs[i].Out + "." + name)
			if err != nil {
				return nil, err
			}
			res.Types[name], res.Dims[name] = o.Type, o.Dims
			switch o.Type {
			case "float32":
				for k := 0; k+4 <= len(raw); k += 4 {
					res.Floats[name] = append(res.Floats[name], math.Float32frombits(binary.LittleEndian.Uint32(raw[k:])))
				}
			case "int64":
				for k := 0; k+8 <= len(raw); k += 8 {
					res.Int64s[name] = append(res.Int64s[name], int64(binary.LittleEndian.Uint64(raw[k:])))
				}
			}
		}
		out[i] = res
	}
	return out, nil
}
