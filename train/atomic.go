package train

import "github.com/tablerl/tablerl/internal/atomicfile"

// WriteFileAtomic writes data to path through a temporary file and a rename,
// so that a reader (or a resumed run after a kill) never sees a half-written file.
func WriteFileAtomic(path string, data []byte) error { return atomicfile.WriteBytes(path, data) }
