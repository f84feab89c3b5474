// Package atomicfile writes output files so that no reader, and no run
// resumed after a kill, ever sees one half-written: the bytes go to a
// temporary file in the same directory (a rename is atomic only within a file
// system), which is synced and renamed over the target only once complete. On
// error the temporary file is removed and any previous file is left as it was.
package atomicfile
