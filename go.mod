module github.com/gojup/gojup

go 1.26.0

// Patched copy: XPUB surfaces subscriptions so the kernel can send iopub_welcome (third_party/zmq4/GOJUP-PATCH.md).
replace github.com/go-zeromq/zmq4 => ./third_party/zmq4

require (
	github.com/traefik/yaegi v0.16.1 // indirect
	go.mongodb.org/mongo-driver/v2 v2.9.3 // indirect
	golang.org/x/exp v0.0.0-20261014143641-f0251eb4aa3e // indirect
)
