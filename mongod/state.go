package mongod

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// State is what gojup-mongod records in its state file (--state) once it is
// listening, so that gojup kernels can find and reuse it. The file is JSON,
// mode 0600, written atomically, and removed when the server exits cleanly.
//
// The main gojup module reads this file (package kernel/mongoenv) with its
// own copy of the struct: keep the JSON field names in sync.
type State struct {
	PID     int    `json:"pid"`
	URI     string `json:"uri"`
	DataDir string `json:"data"`
	Started string `json:"started"` // RFC 3339
}

// WriteState writes st to path atomically with mode 0600.
func WriteState(path string, st State) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".state-*")
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("write state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	return nil
}

// ReadState reads a state file written by [WriteState].
func ReadState(path string) (State, error) {
	var st State
	b, err := os.ReadFile(path)
	if err != nil {
		return st, err
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, fmt.Errorf("read state %s: %w", path, err)
	}
	return st, nil
}

// RemoveStateIfOwned removes the state file at path if it still names pid,
// so a server never deletes the record of a newer one.
func RemoveStateIfOwned(path string, pid int) error {
	st, err := ReadState(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return err
	}
	if st.PID != pid {
		return nil
	}
	return os.Remove(path)
}
