//go:build unix

package neo4jtest

import (
	"os"
	"syscall"
)

// locked keeps the lock files open: a collected *os.File would close its
// descriptor and release the lock.
var locked []*os.File

// lockFile takes an exclusive lock on path, blocking; the file stays open
// (and locked) until the process exits.
func lockFile(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return err
	}
	locked = append(locked, f)
	return nil
}
