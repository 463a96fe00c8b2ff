package kernel

import (
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// maxHistory bounds the history kept in memory and on disk.
const maxHistory = 10000

// saveInterval spaces out history writes: rewriting the file after every cell cost 30 % of
// the kernel's CPU on a fast cell (bench/). Close always writes what is pending.
const saveInterval = 500 * time.Millisecond

// histEntry is one stored input.
type histEntry struct {
	Session int    `json:"s"`
	Line    int    `json:"l"`
	Input   string `json:"i"`
}

// history keeps the inputs of this session and earlier ones, persisted in a 0600 JSON file.
type history struct {
	log     *slog.Logger
	path    string // "" when there is nowhere to persist
	session int

	mu      sync.Mutex
	entries []histEntry
	closed  bool // set by close; later adds are kept in memory only
	dirty   chan struct{}
	quit    chan struct{} // closed by close: stop waiting between saves
	done    chan struct{}
}

// historyPath is GOJUP_HISTORY_FILE, else $XDG_DATA_HOME/gojup/history.json, else
// ~/.local/share/gojup/history.json.
func historyPath(env *envSet) string {
	if p := env.get("GOJUP_HISTORY_FILE"); p != "" {
		return p
	}
	if d := env.get("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "gojup", "history.json")
	}
	if h := env.get("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "gojup", "history.json")
	}
	return ""
}

func openHistory(env *envSet, log *slog.Logger) *history {
	h := &history{log: log, path: historyPath(env), dirty: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	if h.path != "" {
		if b, err := os.ReadFile(h.path); err == nil {
			if err := json.Unmarshal(b, &h.entries); err != nil {
				log.Warn("history file unreadable; starting afresh", "path", h.path, "err", err)
				h.entries = nil
			}
		}
	}
	for _, e := range h.entries {
		h.session = max(h.session, e.Session)
	}
	h.session++
	go h.saver()
	return h
}

// add records an input of this session.
func (h *history) add(line int, input string) {
	h.mu.Lock()
	h.entries = append(h.entries, histEntry{Session: h.session, Line: line, Input: input})
	if len(h.entries) > maxHistory {
		h.entries = append([]histEntry(nil), h.entries[len(h.entries)-maxHistory:]...)
	}
	// The signal is sent under the lock so it cannot race with close (a cell may finish
	// while the kernel shuts down).
	if !h.closed {
		select {
		case h.dirty <- struct{}{}:
		default:
		}
	}
	h.mu.Unlock()
}

func (h *history) saver() {
	defer close(h.done)
	for range h.dirty {
		h.save()
		select {
		case <-time.After(saveInterval):
		case <-h.quit:
		}
	}
}

// close writes pending changes and stops the saver.
func (h *history) close() {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.closed = true
	close(h.quit)
	close(h.dirty)
	h.mu.Unlock()
	<-h.done
}

func (h *history) save() {
	if h.path == "" {
		return
	}
	h.mu.Lock()
	b, err := json.Marshal(h.entries)
	h.mu.Unlock()
	if err != nil {
		return
	}
	dir := filepath.Dir(h.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		h.log.Warn("history: create dir", "err", err)
		return
	}
	f, err := os.CreateTemp(dir, ".history-*.json")
	if err != nil {
		h.log.Warn("history: write", "err", err)
		return
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Chmod(f.Name(), 0o600) != nil || os.Rename(f.Name(), h.path) != nil {
		os.Remove(f.Name())
		h.log.Warn("history: write failed", "path", h.path)
	}
}

// historyRequest is the content of a history_request.
type historyRequest struct {
	Output  bool   `json:"output"`
	Raw     bool   `json:"raw"`
	Access  string `json:"hist_access_type"`
	Session int    `json:"session"`
	Start   int    `json:"start"`
	Stop    int    `json:"stop"`
	N       int    `json:"n"`
	Pattern string `json:"pattern"`
	Unique  bool   `json:"unique"`
}

// request answers a history_request.
func (h *history) request(content json.RawMessage) map[string]any {
	var r historyRequest
	if err := json.Unmarshal(content, &r); err != nil {
		return errorContent("BadRequest", "malformed history_request: "+err.Error())
	}
	h.mu.Lock()
	entries := append([]histEntry(nil), h.entries...)
	h.mu.Unlock()
	var sel []histEntry
	switch r.Access {
	case "tail":
		sel = lastN(entries, r.N)
	case "range":
		session := r.Session
		if session <= 0 {
			session += h.session
		}
		for _, e := range entries {
			if e.Session == session && e.Line >= r.Start && (r.Stop <= 0 || e.Line < r.Stop) {
				sel = append(sel, e)
			}
		}
	case "search":
		pattern := r.Pattern
		if pattern == "" {
			pattern = "*"
		}
		seen := map[string]bool{}
		for i := len(entries) - 1; i >= 0; i-- {
			e := entries[i]
			if !globMatch(pattern, e.Input) || (r.Unique && seen[e.Input]) {
				continue
			}
			seen[e.Input] = true
			sel = append(sel, e)
			if r.N > 0 && len(sel) == r.N {
				break
			}
		}
		for i, j := 0, len(sel)-1; i < j; i, j = i+1, j-1 {
			sel[i], sel[j] = sel[j], sel[i]
		}
	default:
		return errorContent("BadRequest", "unknown hist_access_type "+r.Access)
	}
	out := make([]any, 0, len(sel))
	for _, e := range sel {
		if r.Output {
			out = append(out, []any{e.Session, e.Line, []any{e.Input, nil}})
		} else {
			out = append(out, []any{e.Session, e.Line, e.Input})
		}
	}
	return map[string]any{"status": "ok", "history": out}
}

func lastN(es []histEntry, n int) []histEntry {
	if n <= 0 || n >= len(es) {
		return es
	}
	return es[len(es)-n:]
}

// globMatch matches s against a glob pattern where * matches any run of characters
// (newlines and slashes included), ? one character and [...] a character class.
func globMatch(pattern, s string) bool {
	p, str := []rune(pattern), []rune(s)
	var match func(pi, si int) bool
	memo := map[[2]int]bool{}
	match = func(pi, si int) bool {
		key := [2]int{pi, si}
		if v, ok := memo[key]; ok {
			return v
		}
		var r bool
		switch {
		case pi == len(p):
			r = si == len(str)
		case p[pi] == '*':
			r = match(pi+1, si) || (si < len(str) && match(pi, si+1))
		case si == len(str):
			r = false
		case p[pi] == '?':
			r = match(pi+1, si+1)
		case p[pi] == '[':
			end := pi + 1
			for end < len(p) && p[end] != ']' {
				end++
			}
			if end == len(p) {
				r = p[pi] == str[si] && match(pi+1, si+1)
				break
			}
			class, neg := p[pi+1:end], false
			if len(class) > 0 && (class[0] == '^' || class[0] == '!') {
				class, neg = class[1:], true
			}
			in := false
			for i := 0; i < len(class); i++ {
				if i+2 < len(class) && class[i+1] == '-' {
					in = in || (str[si] >= class[i] && str[si] <= class[i+2])
					i += 2
				} else {
					in = in || str[si] == class[i]
				}
			}
			r = in != neg && match(end+1, si+1)
		default:
			r = p[pi] == str[si] && match(pi+1, si+1)
		}
		memo[key] = r
		return r
	}
	return match(0, 0)
}
