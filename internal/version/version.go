// Package version says which gojup this is.
package version

import "runtime/debug"

// Version is the gojup release. It is reported by `gojup version`, in kernel_info's
// implementation_version and in the kernelspec metadata.
const Version = "0.1.0"

// String returns the version with the VCS revision when the binary was built from a
// checkout (e.g. "0.1.0 (rev 8b1b722)"), else just the version.
func String() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return Version
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 7 {
			return Version + " (rev " + s.Value[:7] + ")"
		}
	}
	return Version
}
