package ipc

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	big := `{"data":{"text/html":"` + strings.Repeat("<svg>\n</svg>", 20000) + `"}}`
	events := []Event{
		{ID: 1, Type: "display_data", Content: json.RawMessage(`{"data":{"text/plain":"hi"}}`)},
		{ID: 2, Type: "execute_result", Content: json.RawMessage(big), Metadata: json.RawMessage(`{"image/png":{"width":3}}`), Sync: 9},
		{ID: 3, Type: "log"},
		{Type: TypeReady, Content: json.RawMessage(`{"pid":42}`), Final: true},
	}
	var buf bytes.Buffer
	enc := NewEncoder(&buf)
	for i := range events {
		if err := enc.Encode(&events[i]); err != nil {
			t.Fatal(err)
		}
	}
	dec := NewDecoder(&buf)
	for _, want := range events {
		var got Event
		if err := dec.Decode(&got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decoded %+v\nwant %+v", got, want)
		}
	}
	var ev Event
	if err := dec.Decode(&ev); err != io.EOF {
		t.Errorf("after the last frame: %v, want io.EOF", err)
	}

	// The encoder restores the parts it lifts out of the message.
	r := Request{ID: 5, Type: "execute_request", Content: json.RawMessage(`{"code":"1"}`)}
	if err := enc.Encode(&r); err != nil || string(r.Content) != `{"code":"1"}` {
		t.Errorf("Encode changed its request: %v %q", err, r.Content)
	}
	var gotReq Request
	if err := NewDecoder(&buf).Decode(&gotReq); err != nil || !reflect.DeepEqual(gotReq, r) {
		t.Errorf("request round trip: %v %+v", err, gotReq)
	}
}

func TestDecodeBadFrames(t *testing.T) {
	cases := []struct {
		name, in string
		syntax   bool // a *json.SyntaxError, after which the next frame still decodes
	}{
		{"no prefix", `{"id":1}` + "\n", false},
		{"negative length", "-1 0 {}\n", false},
		{"short part", "10 0 {}\nabc", false},
		{"bad header", "2 0 {nope\n{}" + "0 0 {\"id\":7}\n", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dec := NewDecoder(strings.NewReader(tc.in))
			var ev Event
			err := dec.Decode(&ev)
			if err == nil {
				t.Fatalf("decoded %+v from a bad frame", ev)
			}
			var se *json.SyntaxError
			if errors.As(err, &se) != tc.syntax {
				t.Fatalf("error %v: syntax error %v, want %v", err, !tc.syntax, tc.syntax)
			}
			if tc.syntax {
				var next Event
				if err := dec.Decode(&next); err != nil || next.ID != 7 {
					t.Errorf("frame after the bad one: %v %+v", err, next)
				}
			}
		})
	}
}

func TestMarshalKeepsHTML(t *testing.T) {
	b, err := Marshal(map[string]string{"text/html": "<b>a & b</b>"})
	if err != nil || string(b) != `{"text/html":"<b>a & b</b>"}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
}
