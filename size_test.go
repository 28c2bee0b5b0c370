package prep

import "testing"

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{
		10 << 20:        "10 MiB",
		3 << 19:         "1.5 MiB",
		64 << 10:        "64 KiB",
		512:             "512 bytes",
		200<<20 + 1<<19: "200.5 MiB",
	} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
