package mongod

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// startServer starts a server on a free loopback port with its data in dir
// (a fresh temp dir when empty) and stops it when the test ends.
func startServer(t *testing.T, dir string) *Server {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	s, err := Start(context.Background(), Config{DataDir: dir, Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func newClient(t *testing.T, uri string) *mongo.Client {
	t.Helper()
	c, err := mongo.Connect(options.Client().ApplyURI(uri).SetServerSelectionTimeout(10 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	// Disconnect before the server's Close (cleanups run last-in first-out),
	// so the server does not wait for the connection to go away.
	t.Cleanup(func() { _ = c.Disconnect(context.Background()) })
	return c
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestTwoClientsSeeEachOther(t *testing.T) {
	s := startServer(t, "")
	if !strings.HasPrefix(s.URI(), "mongodb://127.0.0.1:") {
		t.Fatalf("URI = %q", s.URI())
	}
	ctx := testCtx(t)
	a, b := newClient(t, s.URI()), newClient(t, s.URI())
	if err := a.Ping(ctx, nil); err != nil {
		t.Fatal(err)
	}
	ca, cb := a.Database("shop").Collection("orders"), b.Database("shop").Collection("orders")

	if _, err := ca.InsertOne(ctx, bson.M{"_id": 1, "from": "a"}); err != nil {
		t.Fatal(err)
	}
	if _, err := cb.InsertOne(ctx, bson.M{"_id": 2, "from": "b"}); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*mongo.Collection{"a": ca, "b": cb} {
		n, err := c.CountDocuments(ctx, bson.M{})
		if err != nil || n != 2 {
			t.Errorf("client %s counts %d documents (%v), want 2", name, n, err)
		}
	}
	if _, err := cb.UpdateOne(ctx, bson.M{"_id": 1}, bson.M{"$set": bson.M{"seenBy": "b"}}); err != nil {
		t.Fatal(err)
	}
	var doc bson.M
	if err := ca.FindOne(ctx, bson.M{"_id": 1}).Decode(&doc); err != nil || doc["seenBy"] != "b" {
		t.Errorf("client a reads %v (%v), want b's update", doc, err)
	}

	names, err := b.ListDatabaseNames(ctx, bson.M{})
	if err != nil || !slices.Contains(names, "shop") {
		t.Fatalf("client b lists %v (%v), want shop created by a", names, err)
	}
	if err := a.Database("shop").Drop(ctx); err != nil {
		t.Fatal(err)
	}
	names, err = b.ListDatabaseNames(ctx, bson.M{})
	if err != nil || slices.Contains(names, "shop") {
		t.Errorf("after a dropped shop, client b lists %v (%v)", names, err)
	}
}

// Address and User are what a lesson's nested documents look like.
type Address struct {
	Street string `bson:"street"`
	City   string `bson:"city"`
	Zip    string `bson:"zip,omitempty"`
}

type Order struct {
	SKU   string  `bson:"sku"`
	Qty   int     `bson:"qty"`
	Price float64 `bson:"price"`
}

type User struct {
	ID      bson.ObjectID     `bson:"_id,omitempty"`
	Name    string            `bson:"name"`
	Email   string            `bson:"email"`
	Age     int               `bson:"age,omitempty"`
	Home    Address           `bson:"home"`
	Work    *Address          `bson:"work,omitempty"`
	Orders  []Order           `bson:"orders"`
	Tags    []string          `bson:"tags"`
	Meta    map[string]string `bson:"meta"`
	Created time.Time         `bson:"created"`
	Secret  string            `bson:"-"`
}

func TestNestedDocumentsRoundTrip(t *testing.T) {
	s := startServer(t, "")
	ctx := testCtx(t)
	coll := newClient(t, s.URI()).Database("school").Collection("users")
	in := User{
		Name:    "Ada",
		Email:   "ada@example.com",
		Home:    Address{Street: "1 Loop Rd", City: "Gotham", Zip: "12345"},
		Work:    &Address{Street: "2 Chan St", City: "Metropolis"},
		Orders:  []Order{{SKU: "go-book", Qty: 1, Price: 39.5}, {SKU: "gopher", Qty: 3, Price: 9.99}},
		Tags:    []string{"admin", "learner"},
		Meta:    map[string]string{"team": "blue"},
		Created: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC),
		Secret:  "not stored",
	}
	res, err := coll.InsertOne(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	in.ID = res.InsertedID.(bson.ObjectID)
	in.Secret = ""

	var out User
	if err := coll.FindOne(ctx, bson.M{"home.city": "Gotham", "orders.sku": "gopher"}).Decode(&out); err != nil {
		t.Fatalf("find by dotted paths: %v", err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip:\n got %+v\nwant %+v", out, in)
	}
	var raw bson.M
	if err := coll.FindOne(ctx, bson.M{}).Decode(&raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw["Secret"]; ok {
		t.Error(`field tagged bson:"-" was stored`)
	}
	if _, ok := raw["age"]; ok {
		t.Error("omitempty zero field was stored")
	}
	var users []User
	cur, err := coll.Find(ctx, bson.M{"orders.qty": bson.M{"$gte": 3}})
	if err != nil {
		t.Fatal(err)
	}
	if err := cur.All(ctx, &users); err != nil || len(users) != 1 || users[0].Orders[1].Price != 9.99 {
		t.Errorf("cursor.All: %v, %+v", err, users)
	}
}

func TestUniqueIndexViolation(t *testing.T) {
	s := startServer(t, "")
	ctx := testCtx(t)
	coll := newClient(t, s.URI()).Database("school").Collection("users")
	if _, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys:    bson.D{{Key: "email", Value: 1}},
		Options: options.Index().SetUnique(true),
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := coll.InsertOne(ctx, bson.M{"email": "ada@example.com"}); err != nil {
		t.Fatal(err)
	}
	_, err := coll.InsertOne(ctx, bson.M{"email": "ada@example.com"})
	if err == nil || !strings.Contains(err.Error(), "E11000") {
		t.Fatalf("duplicate insert: %v, want an E11000 error", err)
	}
	if !mongo.IsDuplicateKeyError(err) {
		t.Errorf("mongo.IsDuplicateKeyError(%v) = false", err)
	}
	t.Logf("duplicate key error: %v", err)
}

func TestRestartKeepsData(t *testing.T) {
	dir := t.TempDir()
	ctx := testCtx(t)
	s1, err := Start(ctx, Config{DataDir: dir, Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	c1, err := mongo.Connect(options.Client().ApplyURI(s1.URI()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c1.Database("keep").Collection("c").InsertOne(ctx, bson.M{"_id": "x", "n": 42}); err != nil {
		t.Fatal(err)
	}
	_ = c1.Disconnect(ctx)
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}

	s2 := startServer(t, dir)
	var doc struct {
		N int `bson:"n"`
	}
	if err := newClient(t, s2.URI()).Database("keep").Collection("c").FindOne(ctx, bson.M{"_id": "x"}).Decode(&doc); err != nil || doc.N != 42 {
		t.Errorf("after restart: %+v, %v; want n=42", doc, err)
	}
}

func TestDataDirIsExclusive(t *testing.T) {
	dir := t.TempDir()
	startServer(t, dir)
	_, err := Start(context.Background(), Config{DataDir: dir, Listen: "127.0.0.1:0"})
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second server on the same data: %v, want an 'in use' error", err)
	}
}

func TestLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:27017"} {
		if _, err := Start(context.Background(), Config{DataDir: t.TempDir(), Listen: addr}); err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("Listen %q: %v, want a loopback-only error", addr, err)
		}
	}
}

func TestPortInUse(t *testing.T) {
	s := startServer(t, "")
	addr := strings.TrimSuffix(strings.TrimPrefix(s.URI(), "mongodb://"), "/")
	_, err := Start(context.Background(), Config{DataDir: t.TempDir(), Listen: addr})
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("second server on %s: %v", addr, err)
	}
}
