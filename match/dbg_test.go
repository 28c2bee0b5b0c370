package match

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestDbg(t *testing.T) {
	for _, s := range strings.Split(os.Getenv("S"), "||") {
		fmt.Printf("%-60s %s\n", s, brief(findMetrics(s, tokenize(s), "USD")))
	}
}
