package main

import (
	"fmt"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train"
)

// checkedPolicy loads a policy.json and checks it against the table t (at
// data, "" for the embedded demo) and its model, as eval does: by the
// table's content fingerprint, or by the file's bytes for a version 1 policy.
func checkedPolicy(path string, data []string, t *dataset.Table, m *tableenv.Model, anyData bool) (*train.PolicyFile, error) {
	pf, err := train.LoadPolicy(path)
	if err != nil {
		return nil, err
	}
	sha := t.Fingerprint()
	if pf.HashesFileBytes() { // a version 1 policy.json, made with the file's bytes
		if sha, err = fileSHA(data); err != nil {
			return nil, err
		}
	}
	if err := pf.Check(m, sha, anyData); err != nil {
		if len(data) == 0 {
			return nil, fmt.Errorf("%s: %w (DATA omitted is the embedded demo: give the table the policy was trained on)", path, err)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pf, nil
}
