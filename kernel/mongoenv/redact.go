package mongoenv

import (
	"fmt"
	"strings"
)

// Redact hides the secrets in a MongoDB connection string so it can be
// printed or logged: the password of the user info becomes "***"
// ("mongodb://ann:s3cret@host/" → "mongodb://ann:***@host/"), and so do the
// values of query options that carry secrets (tlsCertificateKeyFilePassword,
// authMechanismProperties, which may hold an AWS session token). Strings
// without "://" are returned unchanged.
func Redact(uri string) string {
	scheme, rest, ok := strings.Cut(uri, "://")
	if !ok {
		return uri
	}
	head, query, hasQuery := strings.Cut(rest, "?")
	// User info ends at the last '@' before the query: hosts never contain
	// '@', and a password must percent-encode it (drivers reject a raw one,
	// but be safe either way).
	if at := strings.LastIndex(head, "@"); at >= 0 {
		user, _, hasPass := strings.Cut(head[:at], ":")
		if hasPass {
			head = user + ":***" + head[at:]
		}
	}
	if hasQuery {
		query = redactQuery(query)
		return scheme + "://" + head + "?" + query
	}
	return scheme + "://" + head
}

// redactQuery replaces the values of secret-carrying options.
func redactQuery(q string) string {
	parts := strings.Split(q, "&")
	for i, p := range parts {
		k, _, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		lk := strings.ToLower(k)
		if strings.Contains(lk, "password") || lk == "authmechanismproperties" || strings.Contains(lk, "secret") || strings.Contains(lk, "token") {
			parts[i] = k + "=***"
		}
	}
	return strings.Join(parts, "&")
}

// ConnectError explains a failure to reach the MongoDB at uri (typically the
// driver's server selection error from Ping) in terms a learner can act on. The
// message names the URI tried, with credentials redacted, and says how to fix
// it; the driver's error is wrapped, so errors.Is/As still see it:
//
//	if err := client.Ping(ctx, nil); err != nil {
//		return mongoenv.ConnectError(uri, err)
//	}
func ConnectError(uri string, err error) error {
	if err == nil {
		return nil
	}
	where := Redact(uri)
	if uri == "" {
		where = "(empty URI: MONGODB_URI is not set)"
	}
	return &connectError{uri: where, err: err}
}

type connectError struct {
	uri string
	err error
}

func (e *connectError) Error() string {
	return fmt.Sprintf("cannot reach MongoDB at %s: %s\n"+
		"  - gojup's embedded server: run `gojup mongod status` in a terminal (`gojup mongod start` starts it), then restart the kernel\n"+
		"  - your own MongoDB: check that it runs and that MONGODB_URI points at it (host, port, user, password)",
		e.uri, redactInText(e.err.Error()))
}

func (e *connectError) Unwrap() error { return e.err }

// redactInText hides user:password@ sequences in driver error text, which may
// quote the connection string.
func redactInText(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+3])
		s = s[i+3:]
		end := strings.IndexAny(s, " \t\n,\"'")
		if end < 0 {
			end = len(s)
		}
		tok := s[:end]
		if at := strings.LastIndex(tok, "@"); at >= 0 {
			if user, _, ok := strings.Cut(tok[:at], ":"); ok {
				tok = user + ":***" + tok[at:]
			}
		}
		b.WriteString(tok)
		s = s[end:]
	}
}
