module github.com/gojup/gojup

go 1.26.0

// Patched copy: XPUB surfaces subscriptions so the kernel can send iopub_welcome (third_party/zmq4/GOJUP-PATCH.md).
replace github.com/go-zeromq/zmq4 => ./third_party/zmq4

// Patched copy: generic type inference from compiled types (third_party/yaegi/GOJUP-PATCH.md).
replace github.com/traefik/yaegi => ./third_party/yaegi

require (
	github.com/go-zeromq/zmq4 v0.17.0
	github.com/traefik/yaegi v0.16.1
	go.mongodb.org/mongo-driver/v2 v2.9.3
	golang.org/x/exp v0.0.0-20261014143641-f0251eb4aa3e
	golang.org/x/tools v0.52.0
)

require (
	github.com/klauspost/compress v1.19.2 // indirect
	github.com/xdg-go/pbkdf2 v1.0.0 // indirect
	github.com/xdg-go/scram v1.2.0 // indirect
	github.com/xdg-go/stringprep v1.0.4 // indirect
	github.com/youmark/pkcs8 v0.0.0-20240726163527-a2c0da244d78 // indirect
	golang.org/x/crypto v0.53.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/text v0.39.0 // indirect
)

tool github.com/traefik/yaegi/cmd/yaegi
