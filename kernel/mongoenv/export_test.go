//go:build unix

package mongoenv

// ServerBinaryForTest returns the gojup-mongod built by TestMain for the
// external (mongoenv_test) tests, or why it could not be built.
func ServerBinaryForTest() (string, error) { return serverBin, serverBuildErr }

// ServersUnder lists live gojup-mongod processes whose command line mentions dir.
var ServersUnder = serversUnder
