//go:build unix

package mongoenv_test

import (
	"context"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/kerneltest"
	"github.com/gojup/gojup/kernel/mongoenv"
)

// These tests run cells through real gojup kernels (kernel/kerneltest) against
// the embedded server, the way a learner's notebook does.

const importsCell = `import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)`

const connectCell = `uri := os.Getenv("MONGODB_URI")
ctx := context.Background()
connect := func() *mongo.Client {
	c, err := mongo.Connect(options.Client().ApplyURI(uri).SetServerSelectionTimeout(5 * time.Second))
	if err != nil {
		panic(err)
	}
	return c
}
a, b := connect(), connect()
fmt.Println("ping:", a.Ping(ctx, nil), b.Ping(ctx, nil))`

// embeddedKernelEnv is the environment of kernels that share the embedded
// server kept under cache.
func embeddedKernelEnv(t *testing.T, cache string) []string {
	bin, err := mongoenv.ServerBinaryForTest()
	if err != nil {
		t.Skipf("\n\n*** SKIPPED: the mongod module does not build, so the embedded server cannot be tested ***\n%v\n\n", err)
	}
	return []string{"GOJUP_MONGO=on", "GOJUP_CACHE_DIR=" + cache, "GOJUP_MONGOD=" + bin}
}

// stopSharedServer runs `gojup mongod stop` for cache, as a user would, and
// checks that no server is left.
func stopSharedServer(t *testing.T, cache string) {
	t.Helper()
	cmd := exec.Command(kerneltest.Binary(t), "mongod", "stop")
	cmd.Env = append(cmd.Environ(), "GOJUP_CACHE_DIR="+cache)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("gojup mongod stop: %v\n%s", err, out)
	}
	if pids := mongoenv.ServersUnder(cache); len(pids) != 0 {
		t.Errorf("gojup-mongod still running after `gojup mongod stop`: %v; killing", pids)
		for _, pid := range pids {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

func run(ctx context.Context, t *testing.T, k *kerneltest.Kernel, code string) string {
	t.Helper()
	r, err := k.Client.Execute(ctx, code)
	if err != nil {
		t.Fatalf("execute: %v\ncell:\n%s", err, code)
	}
	if e := r.Error(); e != nil || r.Status != "ok" {
		t.Fatalf("cell failed (%s): %+v\nstdout: %s\nstderr: %s\ncell:\n%s", r.Status, e, r.Stdout(), r.Stderr(), code)
	}
	return r.Stdout()
}

func expect(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestKernelCellsUseEmbeddedServer(t *testing.T) {
	cache := t.TempDir()
	env := embeddedKernelEnv(t, cache)
	t.Cleanup(func() { stopSharedServer(t, cache) })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	k1 := kerneltest.Start(t, kerneltest.Options{Env: env})
	run(ctx, t, k1, importsCell)
	expect(t, run(ctx, t, k1, connectCell), "ping: <nil> <nil>")

	t.Run("two clients see each other's writes", func(t *testing.T) {
		out := run(ctx, t, k1, `ca, cb := a.Database("school").Collection("people"), b.Database("school").Collection("people")
_, err := ca.InsertOne(ctx, bson.M{"name": "ada"})
fmt.Println("a insert:", err)
_, err = cb.InsertOne(ctx, bson.M{"name": "bob"})
fmt.Println("b insert:", err)
na, _ := ca.CountDocuments(ctx, bson.M{})
nb, _ := cb.CountDocuments(ctx, bson.M{"name": "ada"})
fmt.Println("a counts", na, "b finds ada", nb)`)
		expect(t, out, "a insert: <nil>", "b insert: <nil>", "a counts 2 b finds ada 1")
	})

	t.Run("ListDatabaseNames and DropDatabase across clients", func(t *testing.T) {
		out := run(ctx, t, k1, `names, err := b.ListDatabaseNames(ctx, bson.M{})
fmt.Println("b lists school:", slices.Contains(names, "school"), err)
fmt.Println("a drops:", a.Database("school").Drop(ctx))
names, err = b.ListDatabaseNames(ctx, bson.M{})
fmt.Println("b lists school after drop:", slices.Contains(names, "school"), err)`)
		expect(t, out, "b lists school: true <nil>", "a drops: <nil>", "b lists school after drop: false <nil>")
	})

	t.Run("nested documents with struct tags", func(t *testing.T) {
		run(ctx, t, k1, `type Address struct {
	Street string `+"`bson:\"street\"`"+`
	City   string `+"`bson:\"city\"`"+`
}

type Person struct {
	ID    bson.ObjectID `+"`bson:\"_id,omitempty\"`"+`
	Name  string        `+"`bson:\"name\"`"+`
	Home  Address       `+"`bson:\"home\"`"+`
	Tags  []string      `+"`bson:\"tags\"`"+`
	Notes string        `+"`bson:\"notes,omitempty\"`"+`
}`)
		out := run(ctx, t, k1, `people := a.Database("nested").Collection("people")
_, err := people.InsertOne(ctx, Person{Name: "Ada", Home: Address{Street: "1 Loop Rd", City: "Paris"}, Tags: []string{"go", "db"}})
fmt.Println("insert:", err)
var p Person
err = b.Database("nested").Collection("people").FindOne(ctx, bson.M{"home.city": "Paris"}).Decode(&p)
fmt.Printf("found: %v %s|%s|%s|%v|%q\n", err, p.Name, p.Home.Street, p.Home.City, p.Tags, p.Notes)
var raw bson.M
err = people.FindOne(ctx, bson.M{}).Decode(&raw)
fmt.Println("omitempty honoured:", err, raw["notes"] == nil, len(raw))
cur, err := people.Find(ctx, bson.M{"tags": "go"})
var all []Person
if err == nil {
	err = cur.All(ctx, &all)
}
fmt.Println("cursor.All:", err, len(all), all[0].Home.City)`)
		expect(t, out, "insert: <nil>", `found: <nil> Ada|1 Loop Rd|Paris|[go db]|""`, "omitempty honoured: <nil> true 4", "cursor.All: <nil> 1 Paris")
	})

	t.Run("unique index violation", func(t *testing.T) {
		out := run(ctx, t, k1, `users := a.Database("idx").Collection("users")
_, err := users.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "email", Value: 1}}, Options: options.Index().SetUnique(true)})
fmt.Println("index:", err)
_, err = users.InsertOne(ctx, bson.M{"email": "ada@example.com"})
fmt.Println("first:", err)
_, err = users.InsertOne(ctx, bson.M{"email": "ada@example.com"})
fmt.Println("second:", err)
fmt.Println("IsDuplicateKeyError:", mongo.IsDuplicateKeyError(err))`)
		expect(t, out, "index: <nil>", "first: <nil>", "second: ", "E11000", "IsDuplicateKeyError: true")
	})

	// Leave a document for the second kernel.
	expect(t, run(ctx, t, k1, `_, err := a.Database("persist").Collection("notes").InsertOne(ctx, bson.M{"_id": "from-k1", "text": "hello from kernel 1"})
fmt.Println("saved:", err, "uri1:", uri)`), "saved: <nil>")

	t.Run("a second kernel sees the first kernel's data", func(t *testing.T) {
		k2 := kerneltest.Start(t, kerneltest.Options{Env: env})
		run(ctx, t, k2, importsCell)
		out := run(ctx, t, k2, connectCell+`
var note bson.M
err := b.Database("persist").Collection("notes").FindOne(ctx, bson.M{"_id": "from-k1"}).Decode(&note)
fmt.Println("kernel 2 reads:", err, note["text"], "uri2:", uri)`)
		expect(t, out, "kernel 2 reads: <nil> hello from kernel 1")
		if pids := mongoenv.ServersUnder(cache); len(pids) != 1 {
			t.Errorf("%d embedded servers run for two kernels, want 1: %v", len(pids), pids)
		}
	})
	// The server outlives kernels (it is shared); the cleanup stops it and
	// checks that nothing is left.
	k1.Stop()
	if pids := mongoenv.ServersUnder(cache); len(pids) != 1 {
		t.Errorf("after the kernels stopped, %d servers run, want the 1 shared one: %v", len(pids), pids)
	}
}

func TestKernelBadURIClearErrorWithinTimeout(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there
	cache := t.TempDir()
	k := kerneltest.Start(t, kerneltest.Options{Env: []string{
		"GOJUP_MONGO=on", "GOJUP_CACHE_DIR=" + cache, "GOJUP_MONGOD=" + filepath.Join(cache, "missing"),
		"MONGODB_URI=mongodb://learner:hunter2@" + addr + "/",
	}})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	run(ctx, t, k, importsCell)
	start := time.Now()
	out := run(ctx, t, k, `uri := os.Getenv("MONGODB_URI")
client, err := mongo.Connect(options.Client().ApplyURI(uri).SetServerSelectionTimeout(2 * time.Second))
fmt.Println("connect:", err)
t0 := time.Now()
err = client.Ping(context.Background(), nil)
fmt.Println("ping failed after", time.Since(t0).Round(time.Second), "error:", err)`)
	took := time.Since(start)
	t.Logf("after %v the cell printed:\n%s", took.Round(time.Millisecond), out)
	expect(t, out, "connect: <nil>", "ping failed after ", "server selection", addr, "connection refused")
	if strings.Contains(out, "hunter2") {
		t.Error("the password appears in the output")
	}
	if took > 15*time.Second {
		t.Errorf("the cell took %v, want about the 2 s server selection timeout", took)
	}
	if strings.Contains(k.Log(), "hunter2") {
		t.Error("the password appears in the kernel log")
	}
	if pids := mongoenv.ServersUnder(cache); len(pids) != 0 {
		t.Errorf("an embedded server started although MONGODB_URI is set: %v", pids)
	}
}
