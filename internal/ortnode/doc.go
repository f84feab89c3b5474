// Package ortnode runs ONNX models with ONNX Runtime's Node.js binding
// (onnxruntime-node from the npm registry, which `make test` installs), so
// that tests check tablerl's exported models against a real runtime. Where
// node or the package is absent the caller skips, saying why.
package ortnode
