package main

import (
	"context"
	"errors"
	"io"
)

func cmdBatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("prep batch arrives with a later issue")
}
