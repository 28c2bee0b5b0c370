package main

import (
	"context"
	"errors"
	"io"
)

func cmdWorker(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("prep worker arrives with a later issue")
}
