package mongod

import (
	"context"
	"slices"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// TestFerretDBv1Differences re-checks, against the embedded server, what
// docs/mongodb.md says about FerretDB v1.24.2: what lessons may use, and
// where it differs from MongoDB. Each case asserts today's behaviour; if an
// upgrade changes one, this test fails and the doc (and perhaps a lesson)
// must be updated.
func TestFerretDBv1Differences(t *testing.T) {
	s := startServer(t, "")
	ctx := testCtx(t)
	client := newClient(t, s.URI())
	db := client.Database("diff")
	sales := db.Collection("sales")
	if _, err := sales.InsertMany(ctx, []any{
		bson.M{"_id": 1, "item": "pen", "qty": 2, "price": 1.5, "tags": bson.A{"a"}},
		bson.M{"_id": 2, "item": "pen", "qty": 4, "price": 2.5, "tags": bson.A{"b"}},
		bson.M{"_id": 3, "item": "ink", "qty": 1, "price": 7.0, "tags": bson.A{"a", "c"}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Collection("items").InsertMany(ctx, []any{
		bson.M{"_id": "pen", "color": "blue"}, bson.M{"_id": "ink", "color": "black"},
	}); err != nil {
		t.Fatal(err)
	}
	agg := func(stages ...bson.D) ([]bson.M, error) {
		cur, err := sales.Aggregate(ctx, mongo.Pipeline(stages))
		if err != nil {
			return nil, err
		}
		var out []bson.M
		err = cur.All(ctx, &out)
		return out, err
	}
	sortByID := bson.D{{Key: "$sort", Value: bson.M{"_id": 1}}}
	notImplemented := func(t *testing.T, what string, err error) {
		t.Helper()
		t.Logf("%s → %v", what, err)
		if err == nil || !strings.Contains(err.Error(), "not implemented") {
			t.Errorf("%s: got %v, docs/mongodb.md says NotImplemented: update the doc if this now works", what, err)
		}
	}

	// Works, as in MongoDB.
	t.Run("group with one accumulator", func(t *testing.T) {
		out, err := agg(bson.D{{Key: "$group", Value: bson.M{"_id": "$item", "total": bson.M{"$sum": "$qty"}}}}, sortByID)
		if err != nil || len(out) != 2 || num(out[1]["total"]) != 6 {
			t.Errorf("got %v, %v", out, err)
		}
	})
	t.Run("group $count", func(t *testing.T) {
		out, err := agg(bson.D{{Key: "$group", Value: bson.M{"_id": "$item", "n": bson.M{"$count": bson.M{}}}}}, sortByID)
		if err != nil || len(out) != 2 || num(out[1]["n"]) != 2 {
			t.Errorf("got %v, %v", out, err)
		}
	})
	t.Run("match unwind sort skip limit count set unset", func(t *testing.T) {
		out, err := agg(
			bson.D{{Key: "$match", Value: bson.M{"qty": bson.M{"$gte": 1}}}},
			bson.D{{Key: "$unwind", Value: "$tags"}},
			bson.D{{Key: "$set", Value: bson.M{"x": 1}}},
			bson.D{{Key: "$unset", Value: "price"}},
			bson.D{{Key: "$sort", Value: bson.D{{Key: "_id", Value: 1}, {Key: "tags", Value: 1}}}},
			bson.D{{Key: "$skip", Value: 1}},
			bson.D{{Key: "$limit", Value: 2}},
		)
		if err != nil || len(out) != 2 || out[0]["tags"] != "b" || num(out[0]["x"]) != 1 || out[0]["price"] != nil {
			t.Errorf("got %v, %v", out, err)
		}
		out, err = agg(bson.D{{Key: "$count", Value: "n"}})
		if err != nil || len(out) != 1 || num(out[0]["n"]) != 3 {
			t.Errorf("$count: %v, %v", out, err)
		}
	})
	t.Run("find filters projection sort limit", func(t *testing.T) {
		for want, filter := range map[int64]bson.M{
			3: {"$or": bson.A{bson.M{"qty": 1}, bson.M{"item": "pen"}}},
			2: {"item": bson.M{"$regex": "^p"}},
			1: {"tags": bson.M{"$in": bson.A{"c"}}, "price": bson.M{"$gt": 5}},
		} {
			if n, err := sales.CountDocuments(ctx, filter); err != nil || n != want {
				t.Errorf("CountDocuments(%v) = %d, %v; want %d", filter, n, err, want)
			}
		}
		cur, err := sales.Find(ctx, bson.M{"qty": bson.M{"$gt": 1}},
			options.Find().SetProjection(bson.M{"item": 1, "_id": 0}).SetSort(bson.M{"qty": -1}).SetLimit(1))
		var out []bson.M
		if err == nil {
			err = cur.All(ctx, &out)
		}
		if err != nil || len(out) != 1 || len(out[0]) != 1 || out[0]["item"] != "pen" {
			t.Errorf("find: %v, %v", out, err)
		}
		if n, err := sales.EstimatedDocumentCount(ctx); err != nil || n != 3 {
			t.Errorf("EstimatedDocumentCount = %d, %v", n, err)
		}
	})
	t.Run("update operators", func(t *testing.T) {
		_, err := sales.UpdateOne(ctx, bson.M{"_id": 3}, bson.M{"$inc": bson.M{"qty": 1}, "$push": bson.M{"tags": "z"}})
		if err == nil {
			_, err = sales.UpdateOne(ctx, bson.M{"_id": 3}, bson.M{"$pull": bson.M{"tags": "a"}, "$unset": bson.M{"price": ""}})
		}
		var d bson.M
		if err == nil {
			err = sales.FindOne(ctx, bson.M{"_id": 3}).Decode(&d)
		}
		if err != nil || num(d["qty"]) != 2 || len(d["tags"].(bson.A)) != 2 || d["price"] != nil {
			t.Errorf("got %v, %v", d, err)
		}
	})

	t.Run("bulk write upsert list collections", func(t *testing.T) {
		notes := db.Collection("notes")
		res, err := notes.BulkWrite(ctx, []mongo.WriteModel{
			mongo.NewInsertOneModel().SetDocument(bson.M{"_id": "a", "n": 1}),
			mongo.NewUpdateOneModel().SetFilter(bson.M{"_id": "b"}).SetUpdate(bson.M{"$set": bson.M{"n": 2}}).SetUpsert(true),
			mongo.NewDeleteOneModel().SetFilter(bson.M{"_id": "a"}),
		})
		if err != nil || res.InsertedCount != 1 || res.UpsertedCount != 1 || res.DeletedCount != 1 {
			t.Errorf("BulkWrite: %+v, %v", res, err)
		}
		names, err := db.ListCollectionNames(ctx, bson.M{})
		slices.Sort(names)
		if err != nil || !slices.Equal(names, []string{"items", "notes", "sales"}) {
			t.Errorf("ListCollectionNames: %v, %v", names, err)
		}
	})

	// Differs from MongoDB.
	t.Run("group with several accumulators is silently wrong", func(t *testing.T) {
		out, err := agg(bson.D{{Key: "$group", Value: bson.D{
			{Key: "_id", Value: "$item"},
			{Key: "n", Value: bson.M{"$sum": 1}},
			{Key: "total", Value: bson.M{"$sum": "$qty"}},
		}}}, sortByID)
		t.Logf("$group {n: {$sum: 1}, total: {$sum: $qty}} → %v, %v", out, err)
		if err != nil || len(out) != 2 {
			t.Fatalf("got %v, %v", out, err)
		}
		if num(out[1]["n"]) != 2 {
			t.Errorf("first accumulator n = %v, want 2", out[1]["n"])
		}
		if num(out[1]["total"]) == 6 {
			t.Error("second accumulator is now right (6): update docs/mongodb.md")
		}
	})
	t.Run("field references in project and addFields are literal strings", func(t *testing.T) {
		for _, stage := range []string{"$project", "$addFields"} {
			out, err := agg(bson.D{{Key: "$match", Value: bson.M{"_id": 1}}}, bson.D{{Key: stage, Value: bson.M{"name": "$item"}}})
			t.Logf("%s {name: \"$item\"} → %v, %v", stage, out, err)
			if err != nil || len(out) != 1 || out[0]["name"] != "$item" {
				t.Errorf("%s: got %v, %v; docs/mongodb.md says name comes back as the string \"$item\"", stage, out, err)
			}
		}
	})
	t.Run("unsupported accumulators", func(t *testing.T) {
		for _, op := range []string{"$avg", "$max", "$min", "$push", "$addToSet", "$first", "$last"} {
			_, err := agg(bson.D{{Key: "$group", Value: bson.M{"_id": "$item", "x": bson.M{op: "$qty"}}}})
			notImplemented(t, "$group "+op, err)
		}
	})
	t.Run("unsupported stages and expressions", func(t *testing.T) {
		for name, stage := range map[string]bson.D{
			"$lookup":      {{Key: "$lookup", Value: bson.M{"from": "items", "localField": "item", "foreignField": "_id", "as": "info"}}},
			"$facet":       {{Key: "$facet", Value: bson.M{"n": bson.A{bson.M{"$count": "n"}}}}},
			"$sortByCount": {{Key: "$sortByCount", Value: "$item"}},
			"$multiply":    {{Key: "$project", Value: bson.M{"t": bson.M{"$multiply": bson.A{"$qty", "$price"}}}}},
			"$expr":        {{Key: "$match", Value: bson.M{"$expr": bson.M{"$gt": bson.A{"$qty", 1}}}}},
		} {
			_, err := agg(stage)
			notImplemented(t, name, err)
		}
		_, err := sales.Watch(ctx, mongo.Pipeline{})
		notImplemented(t, "change streams (Watch)", err)
	})
	t.Run("transactions fail", func(t *testing.T) {
		sess, err := client.StartSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.EndSession(ctx)
		_, err = sess.WithTransaction(ctx, func(ctx context.Context) (any, error) {
			return sales.InsertOne(ctx, bson.M{"_id": 100})
		})
		t.Logf("WithTransaction → %v", err)
		if err == nil {
			t.Error("transactions now work: update docs/mongodb.md")
		}
	})
	t.Run("Decimal128 insert drops the connection", func(t *testing.T) {
		d, _ := bson.ParseDecimal128("9.99")
		c := newClient(t, s.URI())
		_, err := c.Database("diff").Collection("money").InsertOne(ctx, bson.M{"price": d})
		t.Logf("insert Decimal128 → %v", err)
		if err == nil {
			t.Error("Decimal128 now works: update docs/mongodb.md")
		}
		if err := c.Ping(ctx, nil); err != nil {
			t.Errorf("the client does not recover after the dropped connection: %v", err)
		}
	})
	t.Run("Distinct fails with a context deadline", func(t *testing.T) {
		var items []string
		if err := sales.Distinct(ctx, "item", bson.M{}).Decode(&items); err == nil {
			t.Error("Distinct with a deadline now works: update docs/mongodb.md")
		} else {
			t.Logf("Distinct with a deadline → %v", err)
		}
		items = nil
		if err := sales.Distinct(context.Background(), "item", bson.M{}).Decode(&items); err != nil || len(items) != 2 {
			t.Errorf("Distinct without deadline: %v, %v", items, err)
		}
	})
}

// num converts a BSON number to float64 (-1 if v is not a number).
func num(v any) float64 {
	switch x := v.(type) {
	case int32:
		return float64(x)
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return -1
}
