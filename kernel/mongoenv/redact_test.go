package mongoenv

import (
	"errors"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"mongodb://127.0.0.1:27017/", "mongodb://127.0.0.1:27017/"},
		{"mongodb://ann:s3cret@db.example.com:27017/shop", "mongodb://ann:***@db.example.com:27017/shop"},
		{"mongodb+srv://ann:p%40ss%3Aw@cluster0.abcde.mongodb.net/?retryWrites=true&w=majority", "mongodb+srv://ann:***@cluster0.abcde.mongodb.net/?retryWrites=true&w=majority"},
		{"mongodb://ann:x@h1:1,h2:2,h3:3/db?replicaSet=rs0", "mongodb://ann:***@h1:1,h2:2,h3:3/db?replicaSet=rs0"},
		{"mongodb://ann@host/", "mongodb://ann@host/"}, // no password: nothing to hide
		{"mongodb://ann:raw@pass@host/", "mongodb://ann:***@host/"},
		{"mongodb://host/?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:tok", "mongodb://host/?authMechanism=MONGODB-AWS&authMechanismProperties=***"},
		{"mongodb://host/?tls=true&tlsCertificateKeyFilePassword=pw", "mongodb://host/?tls=true&tlsCertificateKeyFilePassword=***"},
		{"mongodb://host/?appName=me@x", "mongodb://host/?appName=me@x"},
		{"not a uri", "not a uri"},
		{"", ""},
	} {
		if got := Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestConnectError(t *testing.T) {
	inner := errors.New("server selection error: context deadline exceeded, current topology: { Type: Unknown, Servers: [{ Addr: 127.0.0.1:1, Type: Unknown, Last error: dial tcp 127.0.0.1:1: connect: connection refused }, ] } (uri mongodb://bob:hunter2@127.0.0.1:1/)")
	err := ConnectError("mongodb://bob:hunter2@127.0.0.1:1/", inner)
	msg := err.Error()
	for _, want := range []string{"cannot reach MongoDB at mongodb://bob:***@127.0.0.1:1/", "connection refused", "MONGODB_URI", "gojup mongod"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "hunter2") {
		t.Errorf("message leaks the password:\n%s", msg)
	}
	if !errors.Is(err, inner) {
		t.Error("ConnectError does not wrap the driver error")
	}
	if ConnectError("x", nil) != nil {
		t.Error("ConnectError(uri, nil) != nil")
	}
	if msg := ConnectError("", inner).Error(); !strings.Contains(msg, "MONGODB_URI is not set") {
		t.Errorf("empty URI not explained: %s", msg)
	}
}
