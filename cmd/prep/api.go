package main

import (
	"context"
	"io"
	"os"
)

// cmdAPI runs the HTTP server alone, for when workers run elsewhere.
func cmdAPI(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runService(ctx, "api", args, os.Getenv, stdout, stderr, nil)
}
